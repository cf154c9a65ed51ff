package org.sipice.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sipice.ice.TurnServer;
import org.sipice.internal.logging.Log4j2ServerLogger;
import org.sipice.internal.logging.Log4j2StackLogger;
import org.sipice.sip.CallConfig;
import org.sipice.sip.SipTls;
import org.sipice.sip.SipTransport;

/**
 * A sip-profile: a {@code .properties} preset that yields the JAIN-SIP stack properties and the
 * {@link CallConfig} of a user agent. Immutable; loading one changes nothing global.
 *
 * <pre>{@code
 * SipProfile profile = SipProfile.load("loopback-demo");
 * Properties stack = profile.stackProperties();
 * stack.setProperty("javax.sip.STACK_NAME", "alice");
 * SipStack sipStack = sipFactory.createSipStack(stack);
 * CallConfig config = profile.callConfig();
 * }</pre>
 *
 * <p>Keys:
 * <ul>
 *   <li>{@code javax.sip.*} and {@code gov.nist.*}: JAIN-SIP stack properties, passed through.
 *   <li>{@code sipice.*}: sipice settings; each must be one of the known keys and its value
 *       valid, or loading fails with a {@link ProfileException} naming the file and key.
 *   <li>{@code extends=<profile name or file>}: start from that profile; this file's keys
 *       override it.
 * </ul>
 * Any other key is an error.
 */
public final class SipProfile {

    private static final String STACK_LOGGER = "gov.nist.javax.sip.STACK_LOGGER";
    private static final String SERVER_LOGGER = "gov.nist.javax.sip.SERVER_LOGGER";
    private static final String SUFFIX = ".properties";

    private final String name;
    private final Properties stackProperties;
    private final CallConfig callConfig;
    private final boolean embeddedStun;
    private final SipTransport sipTransport;
    private final SipTls sipTls;

    private SipProfile(String name, Properties stackProperties, CallConfig callConfig, boolean embeddedStun,
            SipTransport sipTransport, SipTls sipTls) {
        this.name = name;
        this.stackProperties = stackProperties;
        this.callConfig = callConfig;
        this.embeddedStun = embeddedStun;
        this.sipTransport = sipTransport;
        this.sipTls = sipTls;
    }

    /**
     * Loads a profile by name or path. A name such as {@code loopback-demo} is looked up as the
     * class path resource {@code sip-profiles/loopback-demo.properties}, then as the file
     * {@code sip-profiles/loopback-demo.properties} under the working directory. A text ending
     * in {@code .properties} or containing a path separator is a file path.
     *
     * @throws ProfileException if the profile is missing, unreadable or invalid
     */
    public static SipProfile load(String nameOrPath) {
        return from(ProfileReader.load(nameOrPath));
    }

    /**
     * Loads a profile file; a parent named in {@code extends} is looked for next to it first.
     *
     * @throws ProfileException if the file is missing, unreadable or invalid
     */
    public static SipProfile load(Path file) {
        return from(ProfileReader.load(file));
    }

    /**
     * Builds a profile from properties already in memory.
     *
     * @param sourceName names the properties in error messages, e.g. {@code custom.properties};
     *     without a {@code .properties} suffix it is also the profile's name
     * @throws ProfileException if a key or value is invalid
     */
    public static SipProfile parse(String sourceName, Properties props) {
        return from(ProfileReader.parse(sourceName, props));
    }

    private static SipProfile from(ProfileReader.Merged merged) {
        Properties stack = new Properties();
        ProfileKey.Target target = new ProfileKey.Target();
        for (ProfileReader.Setting setting : merged.settings().values()) {
            String key = setting.key();
            if (key.startsWith(ProfileKey.PREFIX)) {
                ProfileKey.apply(target, setting);
            } else if (StackProperties.isStackKey(key)) {
                stack.setProperty(key, StackProperties.check(setting));
            } else {
                throw new ProfileException(setting.source() + ": unknown key " + key
                        + Spelling.hint(key, ProfileKey.keys()) + "; a sip-profile holds " + ProfileReader.EXTENDS
                        + ", sipice.*, javax.sip.*, gov.nist.javax.sip.* and javax.net.ssl.* keys");
            }
        }
        // Our log4j2 adapters unless the profile names others: the RI's defaults need log4j 1.x
        // and fail createSipStack without it (docs/JAIN-SIP.md §1).
        stack.putIfAbsent(STACK_LOGGER, Log4j2StackLogger.class.getName());
        stack.putIfAbsent(SERVER_LOGGER, Log4j2ServerLogger.class.getName());
        if (target.traceLevel != null) {
            stack.setProperty(Log4j2ServerLogger.TRACE_LEVEL_PROPERTY, target.traceLevel);
        }
        if (target.traceSecrets) {
            stack.setProperty(Log4j2ServerLogger.SHOW_SECRETS_PROPERTY, "true");
        }
        applyTurnServers(merged, target);
        CallConfig callConfig;
        try {
            callConfig = target.call.ice(target.ice.build()).build();
        } catch (IllegalStateException e) {
            // e.g. relay-only without a TURN server
            throw new ProfileException(merged.name() + ".properties: " + e.getMessage(), e);
        }
        return new SipProfile(merged.name(), stack, callConfig, target.embeddedStun, target.sipTransport,
                sipTls(merged, target));
    }

    /** The TLS keys: a key store needs its password (and the password a key store). */
    private static SipTls sipTls(ProfileReader.Merged merged, ProfileKey.Target target) {
        SipTls tls = SipTls.defaults();
        if ((target.tlsKeyStore == null) != (target.tlsKeyStorePassword == null)) {
            ProfileKey given = target.tlsKeyStore == null ? ProfileKey.TLS_KEYSTORE_PASSWORD : ProfileKey.TLS_KEYSTORE;
            throw new ProfileException(merged.settings().get(given.key()).source() + ": "
                    + ProfileKey.TLS_KEYSTORE.key() + " and " + ProfileKey.TLS_KEYSTORE_PASSWORD.key()
                    + " go together (a PKCS#12 file and its password)");
        }
        if (target.tlsKeyStore != null) {
            tls = tls.withKeyStore(Path.of(target.tlsKeyStore), target.tlsKeyStorePassword);
        }
        if (target.tlsCaFile != null) {
            tls = tls.withCaFile(Path.of(target.tlsCaFile));
        }
        try {
            return tls.withTrustedFingerprints(target.tlsFingerprints);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(merged.settings().get(ProfileKey.TLS_FINGERPRINTS.key()).source() + ": "
                    + ProfileKey.TLS_FINGERPRINTS.key() + " " + e.getMessage(), e);
        }
    }

    /**
     * TURN servers need both credentials (RFC 8489 §9.2 long-term credentials): a password, or a
     * secret shared with the server from which time-limited ones are computed for each new
     * allocation, valid for {@link TurnServer#DEFAULT_SECRET_VALIDITY} (coturn's use-auth-secret).
     */
    private static void applyTurnServers(ProfileReader.Merged merged, ProfileKey.Target target) {
        if (target.turnServers.isEmpty()) {
            return;
        }
        // The file that named the servers, which may be a parent of the profile loaded.
        String where = merged.settings().get(ProfileKey.TURN_SERVERS.key()).source() + ": ";
        if (target.turnSecret != null && target.turnPassword != null) {
            // The credentials go with the file that names the servers: a profile extending one with a
            // password (or the CLI's --turn --turn-secret) replaces it with a secret, and back.
            String servers = merged.settings().get(ProfileKey.TURN_SERVERS.key()).source();
            boolean secretThere = merged.settings().get(ProfileKey.TURN_SECRET.key()).source().equals(servers);
            boolean passwordThere = merged.settings().get(ProfileKey.TURN_PASSWORD.key()).source().equals(servers);
            if (secretThere == passwordThere) {
                throw new ProfileException(where + ProfileKey.TURN_SERVERS.key() + " takes either "
                        + ProfileKey.TURN_PASSWORD.key() + " or " + ProfileKey.TURN_SECRET.key() + ", not both");
            }
            if (secretThere) {
                target.turnPassword = null;
            } else {
                target.turnSecret = null;
            }
        }
        boolean secret = target.turnSecret != null;
        if (target.turnUsername == null || (target.turnPassword == null && !secret)) {
            String missing = target.turnUsername == null && target.turnPassword == null && !secret
                    ? ProfileKey.TURN_USERNAME.key() + " and " + ProfileKey.TURN_PASSWORD.key()
                    : target.turnUsername == null ? ProfileKey.TURN_USERNAME.key() : ProfileKey.TURN_PASSWORD.key();
            throw new ProfileException(where + ProfileKey.TURN_SERVERS.key() + " needs "
                    + ProfileKey.TURN_USERNAME.key() + " and " + ProfileKey.TURN_PASSWORD.key()
                    + " (TURN long-term credentials, RFC 8489 §9.2); missing: " + missing);
        }
        Instant loaded = Instant.now(); // one user name for every server until their next allocations
        Path caFile = target.turnCaFile == null ? null : Path.of(target.turnCaFile);
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new ProfileException(merged.settings().get(ProfileKey.TURN_CA_FILE.key()).source() + ": "
                    + ProfileKey.TURN_CA_FILE.key() + "=" + caFile + " is not a readable file (PEM CA certificates)");
        }
        List<TurnServer> servers = new ArrayList<>();
        for (String item : target.turnServers) {
            try {
                TurnServer server = TurnServer.parse(item, target.turnUsername, secret ? "" : target.turnPassword);
                server = secret ? TurnServer.withSharedSecret(server.address(), target.turnUsername,
                        target.turnSecret, TurnServer.DEFAULT_SECRET_VALIDITY, server.transport()).credentialsAt(loaded)
                        : server;
                servers.add(caFile == null ? server : server.withCaFile(caFile));
            } catch (IllegalArgumentException e) {
                throw new ProfileException(where + ProfileKey.TURN_SERVERS.key() + "=" + item + " is not a TURN "
                        + "server (turn:IP:PORT or IP:PORT, optionally ?transport=tcp, or turns:HOST:PORT): " + e.getMessage(), e);
            }
        }
        target.ice.turnServers(servers);
    }

    /** The profile's name: its file name without {@code .properties}. */
    public String name() {
        return name;
    }

    /**
     * A fresh copy of the JAIN-SIP stack properties: every {@code javax.sip.*} and
     * {@code gov.nist.*} key, the two log4j2 logger classes unless the profile names others,
     * and {@code sipice.trace-level} and {@code sipice.trace-secrets} if set (read by the message trace
     * logger). Callers add
     * {@code javax.sip.STACK_NAME}, which is unique per stack.
     */
    public Properties stackProperties() {
        Properties copy = new Properties();
        copy.putAll(stackProperties);
        return copy;
    }

    /** The call settings built from the {@code sipice.*} keys; builder defaults elsewhere. */
    public CallConfig callConfig() {
        return callConfig;
    }

    /** {@code sipice.sip-transport}: what {@code SipEndpoint} listens on; UDP by default. */
    public SipTransport sipTransport() {
        return sipTransport;
    }

    /** The {@code sipice.tls-*} keys: our certificate and whom we trust over TLS. */
    public SipTls sipTls() {
        return sipTls;
    }

    /**
     * True for {@code sipice.stun-servers=embedded}: the demo starts a STUN responder on
     * loopback and adds its address itself; {@link CallConfig#ice()} then lists no server.
     */
    public boolean embeddedStun() {
        return embeddedStun;
    }

    @Override
    public String toString() {
        return "SipProfile{" + name + ", " + callConfig + (embeddedStun ? ", embedded STUN" : "") + "}";
    }
}

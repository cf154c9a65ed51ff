package org.sipice.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN server for relayed candidates (RFC 8445 §5.1.1.2, RFC 8656) with long-term credentials
 * (RFC 8489 §9.2), reached over UDP (the default), TCP or TLS over TCP (RFC 8656 §3.1).
 *
 * <p>Over TLS the server's certificate is verified against {@code caFile} (or the JDK's system
 * trust store when it is null) and against the name of {@code address}
 * ({@link InetSocketAddress#getHostString()}: the host name it was made with, or the IP literal;
 * RFC 6125 §6, RFC 8656 §3.1). A failed verification is an {@code IceEvent.TurnTlsFailed}, never
 * a fall back to plain TCP.
 *
 * @param address      where Allocate requests go
 * @param username     long-term credential user name
 * @param password     long-term credential password
 * @param transport    the transport between this client and the server
 * @param caFile       over TLS, a PEM file of the CA certificates trusted for this server; null for
 *                     the system trust store (ignored over UDP and TCP)
 * @param sharedSecret with {@link #withSharedSecret(InetSocketAddress, String, String, Duration, Transport)},
 *                     what fresh credentials are computed from for each new allocation
 *                     ({@link #credentialsAt}); null for fixed credentials
 */
public record TurnServer(InetSocketAddress address, String username, String password, Transport transport,
        Path caFile, SharedSecret sharedSecret) {

    /** The client-to-server transport (RFC 8656 §3.1); the relayed side is always UDP. */
    public enum Transport {
        UDP, TCP,
        /** TLS 1.2 or 1.3 over TCP: a {@code turns:} URI (RFC 7065 §3.1). */
        TLS;

        /** The {@code transport} parameter of a TURN URI (RFC 7065 §3.1): TLS runs over tcp. */
        public String uriName() {
            return this == TLS ? "tcp" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** RFC 8656 §3.1 (and RFC 7065 §3.1): the default port of TURN over TLS. */
    public static final int DEFAULT_TLS_PORT = 5349;

    /**
     * A secret shared with the TURN server, from which time-limited credentials are computed as
     * coturn's {@code use-auth-secret} checks them (docs/PROFILES.md): user name
     * {@code <expiry unix seconds>:<user>}, password base64(HMAC-SHA1(secret, user name)), the
     * expiry {@code validity} after the allocation is asked for.
     */
    public record SharedSecret(String user, String secret, Duration validity) {
        public SharedSecret {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(validity, "validity");
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("shared-secret credentials must last a positive time: " + validity);
            }
        }

        @Override
        public String toString() {
            // Never the secret.
            return "SharedSecret[user=" + user + ", validity=" + validity + "]";
        }
    }

    public TurnServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("TURN server address is unresolved: " + address);
        }
    }

    /** A server with fixed credentials, and the system trust store for TLS. */
    public TurnServer(InetSocketAddress address, String username, String password, Transport transport) {
        this(address, username, password, transport, null, null);
    }

    /** How long credentials from {@link #withSharedSecret} last when a profile computes them. */
    public static final Duration DEFAULT_SECRET_VALIDITY = Duration.ofHours(24);

    /**
     * A server whose credentials are time-limited and derived from a secret it shares with us, as
     * coturn's {@code use-auth-secret} checks them (the "TURN REST API" scheme, docs/PROFILES.md):
     * user name {@code <expiry unix seconds>:<user>}, password base64(HMAC-SHA1(secret, user name)).
     * They are computed once, here, and never renewed: a new allocation after {@code expiry} is
     * refused (401). See the {@link Duration} overload for credentials renewed per allocation.
     */
    public static TurnServer withSharedSecret(InetSocketAddress address, String user, String secret, Instant expiry,
            Transport transport) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        String username = expiry.getEpochSecond() + ":" + user;
        return new TurnServer(address, username, hmacSha1Base64(secret, username), transport);
    }

    /**
     * As {@link #withSharedSecret(InetSocketAddress, String, String, Instant, Transport)}, with
     * credentials that expire {@code validity} after they are computed: now, and again for each
     * new allocation ({@link #credentialsAt}), so that a profile or a configuration that lives
     * longer than {@code validity} keeps getting relays. An allocation keeps the user name it was
     * made with (RFC 8656 §7.2 binds the allocation to it; coturn answers a Refresh under another
     * one with 441 Wrong Credentials and accepts the original after its expiry, docs/ENGINE.md).
     */
    public static TurnServer withSharedSecret(InetSocketAddress address, String user, String secret,
            Duration validity, Transport transport) {
        return new TurnServer(address, "-", "-", transport, null, new SharedSecret(user, secret, validity))
                .credentialsAt(Instant.now());
    }

    /**
     * This server with the credentials an allocation asked for at {@code now} uses: for shared-secret
     * credentials with a validity, computed afresh to expire {@code validity} after {@code now};
     * otherwise this server itself.
     */
    public TurnServer credentialsAt(Instant now) {
        if (sharedSecret == null) {
            return this;
        }
        String name = now.plus(sharedSecret.validity()).getEpochSecond() + ":" + sharedSecret.user();
        return new TurnServer(address, name, hmacSha1Base64(sharedSecret.secret(), name), transport, caFile, sharedSecret);
    }

    /**
     * The same server (transport, credentials, trust) at another address: where a 300 Try
     * Alternate sends the client (RFC 8489 §10: the same transport and credentials).
     */
    public TurnServer at(InetSocketAddress alternate) {
        return new TurnServer(alternate, username, password, transport, caFile, sharedSecret);
    }

    private static String hmacSha1Base64(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is a mandatory JDK algorithm", e);
        }
    }

    /** A server reached over UDP. */
    public TurnServer(InetSocketAddress address, String username, String password) {
        this(address, username, password, Transport.UDP);
    }

    /** A server reached over TCP (RFC 8656 §3.1). */
    public static TurnServer tcp(InetSocketAddress address, String username, String password) {
        return new TurnServer(address, username, password, Transport.TCP);
    }

    /**
     * A server reached over TLS (RFC 8656 §3.1), its certificate checked against the system trust
     * store and the name {@code address} was made with (e.g.
     * {@code new InetSocketAddress("turn.example.com", 5349)}); {@link #withCaFile} for a private CA.
     */
    public static TurnServer tls(InetSocketAddress address, String username, String password) {
        return new TurnServer(address, username, password, Transport.TLS);
    }

    /** This server, its TLS certificate checked against the CA certificates of {@code pemFile}. */
    public TurnServer withCaFile(Path pemFile) {
        return new TurnServer(address, username, password, transport, pemFile, sharedSecret);
    }

    /**
     * Parses {@code turn:host:port}, {@code host:port} (port 3478 by default, RFC 8656 §3), each
     * optionally followed by {@code ?transport=udp} or {@code ?transport=tcp} (RFC 7065 §3.1), and
     * {@code turns:host:port} (TLS over TCP, port 5349 by default, RFC 7065 §3.1), optionally
     * followed by {@code ?transport=tcp}. {@code turns:} with {@code ?transport=udp} would be DTLS,
     * which sipice does not speak: an error.
     */
    public static TurnServer parse(String server, String username, String password) {
        String s = server.trim();
        boolean secure = s.startsWith("turns:");
        if (secure) {
            s = s.substring(6);
        } else if (s.startsWith("turn:")) {
            s = s.substring(5);
        }
        Transport transport = secure ? Transport.TLS : Transport.UDP;
        int query = s.indexOf('?');
        if (query >= 0) {
            String parameter = s.substring(query + 1).trim().toLowerCase(Locale.ROOT);
            s = s.substring(0, query);
            if (secure && parameter.equals("transport=udp")) {
                throw new IllegalArgumentException("TURN server " + server
                        + ": turns: over UDP would be DTLS (RFC 7350), which is not supported; use turns:HOST:PORT"
                        + " (TLS over TCP)");
            } else if (parameter.equals("transport=tcp")) {
                transport = secure ? Transport.TLS : Transport.TCP;
            } else if (!parameter.equals("transport=udp")) {
                throw new IllegalArgumentException("TURN server " + server
                        + ": only ?transport=udp or ?transport=tcp is supported");
            }
        }
        if (secure && !hasPort(s)) {
            s = (s.contains(":") && !s.startsWith("[") ? "[" + s + "]" : s) + ":" + DEFAULT_TLS_PORT;
        }
        // The address keeps the name given (getHostString()): a TLS certificate is checked against it.
        return new TurnServer(StunServer.parse(s).address(), username, password, transport);
    }

    private static boolean hasPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            return hostPort.indexOf("]:") > 0;
        }
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && hostPort.indexOf(':') == colon;
    }

    /**
     * The server as a TURN URI (RFC 7065), {@code ?transport=tcp} for TCP; {@code turns:} with the
     * name the certificate is checked against for TLS.
     */
    public String uri() {
        if (transport == Transport.TLS) {
            String host = address.getHostString();
            return "turns:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }
        String uri = "turn:" + address.getAddress().getHostAddress() + ":" + address.getPort();
        return transport == Transport.UDP ? uri : uri + "?transport=" + transport.uriName();
    }

    @Override
    public String toString() {
        // Never the password.
        return uri() + " (user " + username + ")";
    }
}

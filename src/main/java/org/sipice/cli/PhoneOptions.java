package org.sipice.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sipice.ice.IceConfig;
import org.sipice.ice.StunServer;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.sip.EarlyAnswerMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The softphone options {@code call}, {@code answer} and {@code b2bua} share, the ICE options
 * ({@link IceOptions}, which {@code demo} takes too) among them. Each one given overrides the
 * matching key of the sip-profile: the {@link CallConfig} is the profile's, rebuilt through
 * {@code toBuilder()}.
 */
final class PhoneOptions {

    @Option(names = "--listen", paramLabel = "IP[:PORT]",
            description = "Where to listen for SIP (on --transport). The IP must be a local address, not a wildcard.")
    String listen;

    @Option(names = "--transport", paramLabel = "udp|tcp|tls",
            description = "SIP transport to listen and call on (sipice.sip-transport). Default: the profile's "
                    + "(udp); call: a sips: or ;transport= target picks it.")
    String transport;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "TLS: our certificate and key, a PKCS#12 file (sipice.tls-keystore). Without one a "
                    + "self-signed certificate is made and its SHA-256 fingerprint printed.")
    Path tlsKeyStore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
            description = "Its password (sipice.tls-keystore-password; a profile keeps it out of the process list).")
    String tlsKeyStorePassword;

    @Option(names = "--tls-ca-file", paramLabel = "PEM",
            description = "TLS: trust the CAs of this PEM file instead of the system trust store (sipice.tls-ca-file).")
    Path tlsCaFile;

    @Option(names = "--tls-fingerprint", split = ",", paramLabel = "SHA256:AB:CD:..",
            description = "TLS: accept only a peer certificate with this SHA-256 fingerprint, e.g. the one "
                    + "'sipice answer --transport tls' printed (sipice.tls-fingerprints).")
    List<String> tlsFingerprints;

    @Option(names = "--host-addresses", split = ",", paramLabel = "IP",
            description = "Bind host candidates on these addresses. Default: the profile's sipice.host-addresses, "
                    + "or the --listen address when the profile names none.")
    List<String> hostAddresses;

    @Option(names = "--stun", split = ",", paramLabel = "HOST:PORT", description = "STUN server(s).")
    List<String> stun;

    @Mixin
    IceOptions ice;

    @Option(names = "--early-answer", paramLabel = "MODE",
            description = "Callee: where the early ICE answer goes: ${COMPLETION-CANDIDATES}.")
    EarlyAnswerMode earlyAnswer;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "5",
            description = "Hang up this long after the call is established; 0 waits for the peer's BYE. "
                    + "Default: ${DEFAULT-VALUE}.")
    double holdSeconds;

    @Option(names = "--max-media-gap", paramLabel = "MS", defaultValue = "1000",
            description = "A call fails (reason media_gap) when the peer's RTP stopped for longer than this while "
                    + "the call was up (media_gap_ms in RESULT); 0: no limit. Default: ${DEFAULT-VALUE}.")
    long maxMediaGapMillis;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "sipice",
            description = "User part of our SIP URI. Default: ${DEFAULT-VALUE}.")
    String user;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Save each call's report there once it ends: call-N.json and call-N.html "
                    + "(answer: the calls that count toward --calls).")
    Path reportDir;

    /** {@code --max-media-gap}, checked. */
    long maxMediaGap() {
        if (maxMediaGapMillis < 0) {
            throw new IllegalArgumentException("--max-media-gap must not be negative");
        }
        return maxMediaGapMillis;
    }

    Duration hold() {
        return Duration.ofMillis(Math.round(holdSeconds * 1000));
    }

    /**
     * The address to listen on: {@code --listen}, else {@code fallback}.
     *
     * @throws IllegalArgumentException if the text is not IP[:PORT]
     */
    InetSocketAddress listenAddress(InetSocketAddress fallback) throws UnknownHostException {
        if (listen == null) {
            return fallback;
        }
        String text = listen.trim();
        int port = fallback == null ? 0 : fallback.getPort();
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon) { // IPv4:port; a bare IPv6 literal has several
            port = Integer.parseInt(text.substring(colon + 1));
            text = text.substring(0, colon);
        } else if (text.startsWith("[") && text.contains("]:")) {
            port = Integer.parseInt(text.substring(text.indexOf("]:") + 2));
            text = text.substring(1, text.indexOf("]:"));
        }
        InetAddress address = InetAddress.getByName(text);
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("--listen " + listen + ": name one local address, not a wildcard "
                    + "(it goes into Via and Contact)");
        }
        return new InetSocketAddress(address, port);
    }

    /**
     * The profile keys the options stand for, checked with the profile's own
     * ({@link CommonOptions#loadProfile(String, List)}): the ICE options ({@link IceOptions}), the
     * SIP transport and the TLS settings.
     */
    List<String> profileKeys() {
        List<String> keys = new ArrayList<>(ice.profileKeys());
        if (transport != null) {
            keys.add("sipice.sip-transport=" + transport);
        }
        if (tlsKeyStore != null) {
            keys.add("sipice.tls-keystore=" + tlsKeyStore);
        }
        if (tlsKeyStorePassword != null) {
            keys.add("sipice.tls-keystore-password=" + tlsKeyStorePassword);
        }
        if (tlsCaFile != null) {
            keys.add("sipice.tls-ca-file=" + tlsCaFile);
        }
        if (tlsFingerprints != null) {
            keys.add("sipice.tls-fingerprints=" + String.join(",", tlsFingerprints));
        }
        return keys;
    }

    /** The profile's call settings with every option given on the command line applied over them. */
    CallConfig callConfig(SipProfile profile, InetAddress listenAddress) throws UnknownHostException {
        CallConfig base = profile.callConfig();
        IceConfig.Builder iceConfig = base.ice().toBuilder();
        if (hostAddresses != null) {
            List<InetAddress> addresses = new ArrayList<>();
            for (String a : hostAddresses) {
                addresses.add(InetAddress.getByName(a.trim()));
            }
            iceConfig.hostAddresses(addresses);
        } else if (base.ice().hostAddresses().isEmpty()) {
            // A softphone's media lives where its SIP does.
            iceConfig.hostAddresses(List.of(listenAddress));
        }
        if (stun != null) {
            List<StunServer> servers = new ArrayList<>();
            for (String s : stun) {
                servers.add(StunServer.parse(s));
            }
            iceConfig.stunServers(servers);
        }
        CallConfig.Builder call = base.toBuilder().ice(iceConfig.build());
        if (earlyAnswer != null) {
            call.earlyAnswer(earlyAnswer);
        }
        return call.build();
    }
}

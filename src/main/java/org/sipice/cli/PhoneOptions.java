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
            description = "Where to listen for SIP (UDP). The IP must be a local address, not a wildcard.")
    String listen;

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
     * ({@link CommonOptions#loadProfile(String, List)}): the ICE options ({@link IceOptions}).
     */
    List<String> profileKeys() {
        return ice.profileKeys();
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

package org.sipice.ice.internal.engine.session;

import java.util.List;
import org.sipice.ice.IceConfig;
import org.sipice.ice.TurnServer;
import org.sipice.ice.internal.RelayFirst;

/**
 * UDP blocked on this host's network, as a gathering shows it (issue 13): a server was asked over
 * UDP (STUN Binding, RFC 8489; or an Allocate over UDP, RFC 8656) and none answered, while an
 * allocation over TCP or TLS succeeded (RFC 8656 §3.1). Then host TCP candidates (RFC 6544) are
 * signalled even when {@link IceConfig#iceTcp()} is off: a peer that can connect to them needs
 * no relay, and the one that cannot loses nothing. A STUN server that is merely down looks the
 * same; the cost is then a listening socket per component for the call.
 */
final class UdpBlockedDetection {
    private UdpBlockedDetection() {
    }

    /**
     * @param config    the session's configuration (which servers were asked over UDP)
     * @param gathered  every server-reflexive and relayed candidate of the gathering, with its
     *                  server's URL ({@code ...?transport=udp|tcp} for TURN, TLS being {@code turns:...?transport=tcp})
     */
    static boolean udpBlocked(IceConfig config, List<GatheredCandidate> gathered) {
        boolean askedOverUdp = !RelayFirst.stunServersAsked(config).isEmpty()
                || config.turnServers().stream().anyMatch(t -> t.transport() == TurnServer.Transport.UDP);
        boolean answeredOverUdp = gathered.stream().anyMatch(g -> g.url() != null && !overTcp(g));
        boolean relayedOverTcp = gathered.stream().anyMatch(UdpBlockedDetection::overTcp);
        return askedOverUdp && !answeredOverUdp && relayedOverTcp;
    }

    private static boolean overTcp(GatheredCandidate g) {
        // turn:...?transport=tcp and turns:...?transport=tcp (TLS runs over TCP, RFC 7065 §3.1)
        return g.url() != null && g.url().endsWith("?transport=tcp");
    }
}

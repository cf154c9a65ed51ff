package org.sipice.ice.internal.engine.session;

import java.time.Duration;
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

    /**
     * How long after its start a gathering that looks UDP-blocked ({@link #udpBlocked}) keeps
     * waiting for a UDP answer before it ends, given how long the TURN allocation over TCP/TLS
     * took: the Binding retransmission timeout (RFC 8489 §6.2.1; 100 ms here, {@link
     * ReflexiveGathering#RETRANSMISSION}) plus twice that allocation time. The allocation took at
     * least two round trips to its server (a 401 then the Allocate, RFC 8656 §7.2; three with the
     * TCP handshake, more with TLS), so by then a second Binding request, sent after a first loss,
     * has had four or more such round trips to come back: a STUN server on the TURN server's host
     * (the usual case) that has not answered is not going to. Without it the gathering sat out its
     * whole deadline ({@link IceConfig#gatheringTimeout()}, 800 ms) for nothing. A UDP answer
     * arriving before the end cancels it (the gathering then ends as usual).
     */
    static Duration fairWait(Duration allocationTook) {
        return ReflexiveGathering.RETRANSMISSION.rto().plus(allocationTook.multipliedBy(2));
    }

    private static boolean overTcp(GatheredCandidate g) {
        // turn:...?transport=tcp and turns:...?transport=tcp (TLS runs over TCP, RFC 7065 §3.1)
        return g.url() != null && g.url().endsWith("?transport=tcp");
    }
}

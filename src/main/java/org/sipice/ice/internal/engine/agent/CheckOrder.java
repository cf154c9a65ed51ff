package org.sipice.ice.internal.engine.agent;

import java.net.InetAddress;
import java.util.List;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * The order in which the check list tries its pairs, where it departs from pair priority: a host
 * pair that is not expected to work is tried right after the server-reflexive pairs it competes
 * with, and regular nomination does not wait for it before taking one of them.
 *
 * <p>RFC 8445 §6.1.2.3 orders the check list by pair priority, which puts every host-to-host pair
 * first; §6.1.4.2 then checks the highest-priority Waiting pair. Between two agents behind
 * different NATs the host pairs cannot work (the peer's host address is private to its network,
 * RFC 1918): checking them first costs one Ta per pair before the first useful
 * check, and a controlling agent that waits for every higher-priority pair (RFC 8445 §8.1.1
 * leaves its stopping criterion to it) sits out their retransmissions before nominating. In the
 * NAT lab at 50 ms RTT that was one Ta at each end and 60-90 ms of nomination wait per call.
 *
 * <p>A host pair (our host candidate L, the peer's host candidate R) is <em>unlikely</em> when all
 * of these hold, so that nothing but a routed path between two private networks could make it work:
 * <ul>
 * <li>R is on no subnet of L's interface ({@link LocalNetworks}): not the same link;</li>
 * <li>the peer signalled a server-reflexive candidate in that component: it is behind a NAT, so
 * its host address is not public, and a pair toward that candidate competes with the host pair;</li>
 * <li>none of our server-reflexive candidates has the public address of that candidate: the two
 * agents are not behind the same NAT (where the host pair is the one that works and the
 * server-reflexive one needs hairpinning, RFC 4787 §6).</li>
 * </ul>
 * Priorities are unchanged (the pairs, the valid list and the selected pair still compare by
 * RFC 8445 §6.1.2.3): only the order of the ordinary checks moves. The peer needs no agreement
 * on it: nomination is the controlling agent's alone and converges "even when both agents use
 * different pair prioritization algorithms" (RFC 8445 §13), triggered checks validating the
 * nominated pair on both sides. A pair moves only past the pairs toward the peer's
 * server-reflexive candidates. An unlikely pair that does succeed is still nominated if it is
 * the best valid pair when the controlling agent nominates; and a relayed pair still waits for
 * it ({@link RegularNomination}).
 */
final class CheckOrder {
    private CheckOrder() {
    }

    /** Marks the unlikely host pairs of a newly formed check list. */
    static void markUnlikely(List<CandidatePair> pairs, List<LocalCandidate> locals, List<IceCandidate> remotes,
            LocalNetworks networks) {
        for (CandidatePair p : pairs) {
            p.unlikely(unlikely(p, locals, remotes, networks));
        }
    }

    /** A pair from one of our host candidates toward a server-reflexive candidate of the peer. */
    private static boolean competes(CandidatePair q) {
        return q.local().candidate().type() == CandidateType.HOST && q.remote().type() == CandidateType.SRFLX;
    }

    private static boolean unlikely(CandidatePair pair, List<LocalCandidate> locals, List<IceCandidate> remotes,
            LocalNetworks networks) {
        if (pair.local().candidate().type() != CandidateType.HOST || pair.remote().type() != CandidateType.HOST) {
            return false;
        }
        InetAddress local = pair.local().base().getAddress();
        if (networks.onLink(local, pair.remoteAddress().getAddress()).orElse(true)) {
            return false; // same link, or nothing known about our own interface
        }
        boolean peerBehindNat = false;
        for (IceCandidate r : remotes) {
            if (r.componentId() != pair.componentId() || r.type() != CandidateType.SRFLX) {
                continue;
            }
            for (LocalCandidate l : locals) {
                if (l.candidate().type() == CandidateType.SRFLX && l.candidate().address().equals(r.address())) {
                    return false; // one public address for both: the same NAT
                }
            }
            peerBehindNat = true;
        }
        return peerBehindNat;
    }

    /**
     * The key the check list picks its next ordinary check by, highest first: the pair priority,
     * or for an unlikely pair one less than the lowest-priority pair it competes with, those of
     * every component (the RTCP component's useful check then does not wait behind RTP's host
     * pair either).
     */
    static void assignKeys(List<CandidatePair> pairs) {
        for (CandidatePair p : pairs) {
            long key = p.priority();
            if (p.unlikely()) {
                for (CandidatePair q : pairs) {
                    if (competes(q)) {
                        key = Math.min(key, q.priority() - 1);
                    }
                }
            }
            p.checkOrder(key);
        }
    }
}

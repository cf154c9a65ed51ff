package org.sipice.ice.internal.engine.agent;

import java.util.Set;
import java.util.TreeSet;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceCandidate;

/**
 * The components ICE must select a pair for: those of ours the peer signalled candidates for.
 *
 * <p>A peer that multiplexes RTP and RTCP signals component 1 only (RFC 5761 §5.1.3; RFC 8843
 * with BUNDLE): our component 2, gathered because we did not offer or accept rtcp-mux, has
 * nothing to pair with and must not hold completion until the checks timeout (RFC 8445 §8.1.2
 * completes a check list with a nominated pair "for each component of the data stream" the
 * peer takes part in). A peer that signalled no candidate at all leaves every component in play:
 * peer-reflexive pairs may still come from its checks (RFC 8445 §7.3.1.3).
 */
final class PeerComponents {
    private PeerComponents() {}

    static Set<Integer> of(int ours, RemoteIce remote) {
        Set<Integer> signalled = new TreeSet<>();
        for (IceCandidate c : remote.candidates()) {
            if (c.componentId() >= 1 && c.componentId() <= ours) {
                signalled.add(c.componentId());
            }
        }
        if (signalled.isEmpty()) {
            for (int c = 1; c <= ours; c++) {
                signalled.add(c);
            }
        }
        return Set.copyOf(signalled);
    }
}

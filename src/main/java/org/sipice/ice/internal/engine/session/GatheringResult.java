package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import java.util.List;
import org.sipice.ice.IceEvent;
import org.sipice.ice.LocalIce;

/**
 * What a gathering produced.
 *
 * @param local        what goes into SDP (relay-only: the relayed candidates alone, RFC 8828 §5.2)
 * @param forAgent     the candidates the agent pairs (relay-only: the relayed ones)
 * @param all          every candidate gathered, for stats before checks start
 * @param serverEvents {@link IceEvent.TurnAllocated} and {@link IceEvent.ServerFailed}, in order
 * @param took         from the first bind to the end
 * @param udpBlocked   UDP configured blocked or found blocked ({@link UdpBlockedDetection})
 */
record GatheringResult(LocalIce local, List<GatheredCandidate> forAgent, List<GatheredCandidate> all,
        List<IceEvent> serverEvents, Duration took, boolean udpBlocked) {
    GatheringResult {
        forAgent = List.copyOf(forAgent);
        all = List.copyOf(all);
        serverEvents = List.copyOf(serverEvents);
    }
}

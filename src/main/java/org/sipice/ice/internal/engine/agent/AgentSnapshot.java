package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import java.util.List;
import org.sipice.ice.IceRole;
import org.sipice.sdp.IceCandidate;

/**
 * What an {@link Agent} knows at one moment, for {@code IceStats}: the candidates on both sides
 * and every pair of its check list with its counters. A value: it never changes.
 *
 * @param role             the role at that moment
 * @param localCandidates  ours, as added, then the peer-reflexive ones learnt from responses
 *                         (RFC 8445 §7.2.5.3.1)
 * @param remoteCandidates the peer's: signalled, then peer-reflexive ones learnt from checks
 *                         (RFC 8445 §7.3.1.3)
 * @param pairs            the check list, by component then pair priority (highest first)
 */
public record AgentSnapshot(IceRole role, List<IceCandidate> localCandidates, List<IceCandidate> remoteCandidates,
        List<Pair> pairs) {

    public AgentSnapshot {
        localCandidates = List.copyOf(localCandidates);
        remoteCandidates = List.copyOf(remoteCandidates);
        pairs = List.copyOf(pairs);
    }

    /**
     * One candidate pair; the counters follow W3C webrtc-stats §8.7 as {@code IceCandidatePairStats}
     * names them.
     *
     * @param state                {@code frozen}, {@code waiting}, {@code in-progress},
     *                             {@code succeeded} or {@code failed} (RFC 8445 §6.1.2.6)
     * @param currentRoundTripTime the latest round trip; null before the first response
     */
    public record Pair(int componentId, IceCandidate local, IceCandidate remote, String state, long priority,
            boolean nominated, boolean selected, long requestsSent, long requestsReceived, long responsesSent,
            long responsesReceived, long consentRequestsSent, Duration currentRoundTripTime,
            Duration totalRoundTripTime, long packetsSent, long packetsReceived, long bytesSent,
            long bytesReceived) {
    }
}

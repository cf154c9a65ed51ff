package org.sipice.ice.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * Chooses the default candidate of a component, the one that goes into {@code c=}/{@code m=}
 * (or {@code a=rtcp}) for peers without ICE.
 *
 * <p>RFC 8445 §5.1.4: "It is RECOMMENDED that default candidates be chosen based on the
 * likelihood of those candidates to work with the peer that is being contacted. It is
 * RECOMMENDED that the default candidates are the relayed candidates (if relayed candidates are
 * available), server-reflexive candidates (if server-reflexive candidates are available), and
 * finally host candidates." IPv4 is preferred to IPv6 because a peer without ICE most likely
 * reaches an IPv4 address.
 */
public final class DefaultCandidates {
    private DefaultCandidates() {
    }

    public static Optional<IceCandidate> choose(List<IceCandidate> candidates, int componentId) {
        return candidates.stream()
                .filter(c -> c.componentId() == componentId)
                .min(Comparator.comparingInt((IceCandidate c) -> rank(c.type()))
                        .thenComparing(c -> c.isIpv6() ? 1 : 0)
                        .thenComparing(Comparator.comparingLong(IceCandidate::priority).reversed()));
    }

    private static int rank(CandidateType type) {
        switch (type) {
            case RELAY:
                return 0;
            case SRFLX:
                return 1;
            case HOST:
                return 2;
            default:
                return 3;
        }
    }
}

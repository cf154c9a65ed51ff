package org.sipice.ice.internal;

import java.util.List;
import java.util.Optional;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.RemoteCandidate;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/** Converts between ice4j's candidate objects and sipice's SDP candidate values. */
final class CandidateMapping {
    private CandidateMapping() {
    }

    /** RFC 8445 §5.1.2.1: the largest priority a candidate can have, 2^31-1. */
    static final long MAX_PRIORITY = (1L << 31) - 1;

    /**
     * The SDP form of {@code c}. A peer-reflexive candidate takes its priority from a check's
     * PRIORITY attribute, which a hostile or broken peer may set to 0 or 0xFFFFFFFF (ice4j even
     * reads the latter as -1): the SDP form, which only holds 1..2^31-1, gets the nearest valid
     * value instead of failing (issue 11: one such check used to stop {@code close()} half-way).
     */
    static IceCandidate toSdp(Candidate<?> c) {
        TransportAddress ta = c.getTransportAddress();
        TransportAddress related = c.getRelatedAddress();
        return new IceCandidate(
                c.getFoundation(),
                c.getParentComponent().getComponentID(),
                c.getTransport().toString().toUpperCase(),
                validPriority(c.getPriority()),
                ta.getHostAddress(),
                ta.getPort(),
                toSdpType(c.getType()),
                related == null ? null : related.getHostAddress(),
                related == null ? null : related.getPort(),
                null,
                List.of());
    }

    /** {@code priority} moved into 1..2^31-1 (RFC 8445 §5.1.2.1). */
    static long validPriority(long priority) {
        return Math.max(1, Math.min(MAX_PRIORITY, priority));
    }

    static CandidatePairInfo toInfo(CandidatePair pair) {
        return new CandidatePairInfo(pair.getParentComponent().getComponentID(), toSdp(pair.getLocalCandidate()),
                toSdp(pair.getRemoteCandidate()), pair.getPriority(), pair.isNominated());
    }

    static CandidateType toSdpType(org.ice4j.ice.CandidateType type) {
        switch (type) {
            case SERVER_REFLEXIVE_CANDIDATE:
            case STUN_CANDIDATE:
                return CandidateType.SRFLX;
            case PEER_REFLEXIVE_CANDIDATE:
                return CandidateType.PRFLX;
            case RELAYED_CANDIDATE:
                return CandidateType.RELAY;
            default:
                return CandidateType.HOST;
        }
    }

    static org.ice4j.ice.CandidateType toIce4jType(CandidateType type) {
        switch (type) {
            case SRFLX:
                return org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case PRFLX:
                return org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE;
            case RELAY:
                return org.ice4j.ice.CandidateType.RELAYED_CANDIDATE;
            default:
                return org.ice4j.ice.CandidateType.HOST_CANDIDATE;
        }
    }

    /**
     * A remote candidate for ice4j, or empty with the reason logged by the caller. Only UDP
     * candidates with an IP literal are usable: RFC 8839 §5.1 says FQDN addresses (including
     * mDNS {@code .local} names) are ignored unless an extension defines them.
     */
    static Optional<RemoteCandidate> toRemote(IceCandidate c, Component component, String ufrag) {
        if (!"UDP".equalsIgnoreCase(c.transport()) || c.isFqdn() || c.isMdns()) {
            return Optional.empty();
        }
        TransportAddress address = new TransportAddress(c.address(), c.port(), Transport.UDP);
        if (address.isUnresolved()) {
            return Optional.empty();
        }
        return Optional.of(new RemoteCandidate(address, component, toIce4jType(c.type()), c.foundation(),
                c.priority(), null, ufrag));
    }
}

package org.sipice.ice.internal;

import org.ice4j.Transport;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.socket.IceSocketWrapper;

/**
 * A host candidate whose local preference is given by {@link HostCandidatePolicy} instead of
 * ice4j's rule, which yields 65535 for the first two host candidates of a component (it counts
 * the candidates already added, reference/ice4j.md §8), so they get equal priorities, against
 * RFC 8445 §5.1.2.1 ("MUST be unique").
 *
 * <p>ice4j calls {@link #computePriorityForType} both for this candidate's own priority (when the
 * component adds it) and for the PRIORITY attribute of the checks sent from it, which announces
 * the priority of a peer-reflexive candidate (RFC 8445 §7.1.1); both now use our preference.
 */
final class RankedHostCandidate extends HostCandidate {

    /**
     * RFC 8445 §5.1.2.2 recommended type preferences. They must match ice4j's for the types it
     * still prioritizes itself (server-reflexive, relayed), so every candidate of a component
     * sits on one scale.
     */
    static final int HOST_TYPE_PREFERENCE = 126;
    static final int PEER_REFLEXIVE_TYPE_PREFERENCE = 110;
    static final int SERVER_REFLEXIVE_TYPE_PREFERENCE = 100;
    static final int RELAYED_TYPE_PREFERENCE = 0;

    private final int localPreference;

    RankedHostCandidate(IceSocketWrapper socket, Component component, int localPreference) {
        super(socket, component, Transport.UDP);
        this.localPreference = localPreference;
    }

    int localPreference() {
        return localPreference;
    }

    @Override
    public long computePriorityForType(CandidateType type) {
        return priority(typePreference(type), localPreference, getParentComponent().getComponentID());
    }

    /** RFC 8445 §5.1.2.1: (2^24)*(type preference) + (2^8)*(local preference) + (256 - component ID). */
    static long priority(int typePreference, int localPreference, int componentId) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }

    private static int typePreference(CandidateType type) {
        switch (type) {
            case HOST_CANDIDATE:
                return HOST_TYPE_PREFERENCE;
            case PEER_REFLEXIVE_CANDIDATE:
                return PEER_REFLEXIVE_TYPE_PREFERENCE;
            case SERVER_REFLEXIVE_CANDIDATE:
            case STUN_CANDIDATE:
                return SERVER_REFLEXIVE_TYPE_PREFERENCE;
            default:
                return RELAYED_TYPE_PREFERENCE;
        }
    }
}

package org.sipice.ice.internal.nomination;

import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.LocalCandidate;

/**
 * Whether a packet travels on its component's selected pair: the local address (the candidate's
 * own address or its base, where ice4j receives) and the remote address both match. Per
 * component: RTP and RTCP (rtcp-mux off) each have their own selected pair.
 */
final class SelectedFiveTuple {
    private SelectedFiveTuple() {
    }

    /** {@code local} is the candidate ice4j found for {@code localAddress}, or null. */
    static boolean matches(LocalCandidate local, TransportAddress localAddress, TransportAddress remoteAddress) {
        if (local == null) {
            return false;
        }
        CandidatePair selected = local.getParentComponent().getSelectedPair();
        if (selected == null || !selected.getRemoteCandidate().getTransportAddress().equals(remoteAddress)) {
            return false;
        }
        LocalCandidate selectedLocal = selected.getLocalCandidate();
        return selectedLocal.getTransportAddress().equals(localAddress)
                || selectedLocal.getBase() != null
                        && selectedLocal.getBase().getTransportAddress().equals(localAddress);
    }
}

package org.ice4j.ice;

import org.ice4j.socket.IceSocketWrapper;

/**
 * A deliberate split-package shim: sipice code living in ice4j's package {@code org.ice4j.ice}
 * so that it may call a few members ice4j keeps protected. Nothing else belongs here.
 *
 * <ul>
 * <li>ice4j keeps the first pair it selects (reference/ice4j.md §4.1) and has no public way to
 * change it; RFC 5245 §8.1.1.2 and RFC 8445 §8.1.1 want the highest-priority nominated pair.</li>
 * <li>Once a pair is selected ice4j drops the waiting pairs from the check list; a pair ranked
 * above it whose nominating check already reached the peer must be checked to the end, or the
 * peer keeps it as nominated while we never learn it is valid.</li>
 * <li>The local socket a pair sends from is protected too; media must leave from the selected
 * pair's own base after a re-selection (RFC 8445 §12.1.1), not from whichever socket ice4j's
 * merging component socket last read from.</li>
 * </ul>
 *
 * ice4j's jar is neither sealed nor a named module, so the split package is legal on the class
 * path. Callers: {@code org.sipice.ice.internal.nomination} and {@code org.sipice.ice.internal}.
 */
public final class SipiceSelection {
    private SipiceSelection() {
    }

    /** Makes {@code pair} the selected pair of {@code component} (keep-alives follow it). */
    public static void select(Component component, CandidatePair pair) {
        component.setSelectedPair(pair);
    }

    /**
     * Checks {@code pair} again with a triggered check, putting it back on the check list if
     * ice4j pruned it when the component's first pair was selected (RFC 5245 §8.1.2).
     */
    public static void recheck(CandidatePair pair) {
        IceMediaStream stream = pair.getParentComponent().getParentStream();
        CheckList checkList = stream.getCheckList();
        synchronized (checkList) {
            if (!checkList.contains(pair)) {
                stream.addToCheckList(pair);
            }
        }
        checkList.scheduleTriggeredCheck(pair);
    }

    /** The socket {@code pair} sends from: its local candidate's base (RFC 8445 §5.1.1.3). */
    public static IceSocketWrapper socketOf(CandidatePair pair) {
        LocalCandidate local = pair.getLocalCandidate();
        LocalCandidate base = local.getBase() == null ? local : local.getBase();
        return base.getCandidateIceSocketWrapper(pair.getRemoteCandidate().getTransportAddress());
    }
}

package org.sipice.ice.internal.nomination;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.CheckList;
import org.ice4j.ice.Component;
import org.ice4j.ice.SipiceSelection;

/**
 * The selected pair of a component is its highest-priority nominated pair (RFC 5245 §8.1.1.2 and
 * §11.1.1; RFC 8445 §8.1.1 when several pairs are nominated). ice4j selects the first nominated
 * pair it confirms and then ignores every later nomination (reference/ice4j.md §4.1); under
 * response loss that first pair differs between the two agents (measured: 8 of 21 calls). This
 * rule runs after each nomination ice4j confirms and after each pair that a nominating check
 * validated, and moves the selection up when a better pair is nominated, so both agents end on
 * the same pair whatever order the responses arrived in.
 */
final class HighestNominatedSelection {

    /** A re-selection: the pair that was selected and the one that replaced it. */
    record Change(Component component, CandidatePair previous, CandidatePair selected) {
    }

    private final Set<CandidatePair> nominated = ConcurrentHashMap.newKeySet();

    /** Records a nominated pair (confirmed by ice4j or validated by a nominating check). */
    void nominated(CandidatePair pair) {
        nominated.add(pair);
    }

    /**
     * The pairs of {@code component} whose checks have left but not yet succeeded or failed: with
     * aggressive nomination each of them may already count as nominated at the peer.
     */
    static List<CandidatePair> inFlight(Component component) {
        List<CandidatePair> pairs = new ArrayList<>();
        CheckList checkList = component.getParentStream().getCheckList();
        synchronized (checkList) {
            for (CandidatePair pair : checkList) {
                if (pair.getParentComponent() == component && pair instanceof NominatingPair
                        && ((NominatingPair) pair).checked() && pair.getState() != CandidatePairState.SUCCEEDED
                        && pair.getState() != CandidatePairState.FAILED) {
                    pairs.add(pair);
                }
            }
        }
        return pairs;
    }

    /**
     * When the first pair is selected, ice4j drops the component's waiting pairs (RFC 5245 §8.1.2),
     * among them a better pair whose check was only re-queued (a triggered check replaces an
     * in-progress one, RFC 5245 §7.2.1.4). Its USE-CANDIDATE check may have reached the peer,
     * which then counts it as nominated: so it is checked to the end, and if it succeeds both
     * sides move to it.
     */
    void resumeChecksAbove(Component component, List<CandidatePair> inFlight) {
        CandidatePair selected = component.getSelectedPair();
        CheckList checkList = component.getParentStream().getCheckList();
        for (CandidatePair pair : inFlight) {
            boolean dropped;
            synchronized (checkList) {
                dropped = !checkList.contains(pair);
            }
            if (dropped && selected != null && PairRanking.INSTANCE.compare(pair, selected) > 0) {
                SipiceSelection.recheck(pair);
            }
        }
    }

    /**
     * Re-selects if a nominated pair ranks above the selected one. While nothing is selected ice4j
     * makes the first selection itself (and completes the check list), so this only moves an
     * existing selection. Synchronized: two responses processed at once must not both re-select.
     */
    synchronized Optional<Change> review(Component component, Nomination strategy) {
        CandidatePair selected = component.getSelectedPair();
        if (selected == null || !strategy.reselects()) {
            return Optional.empty();
        }
        CandidatePair best = selected;
        for (CandidatePair pair : nominated) {
            if (pair.getParentComponent() == component && pair.getState() != CandidatePairState.FAILED
                    && PairRanking.INSTANCE.compare(pair, best) > 0) {
                best = pair;
            }
        }
        if (best == selected) {
            return Optional.empty();
        }
        SipiceSelection.select(component, best);
        return Optional.of(new Change(component, selected, best));
    }
}

package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;

/**
 * Regular nomination by the controlling agent (RFC 8445 §8.1.1): checks run without
 * USE-CANDIDATE; once a pair is valid, ice4j's nominator repeats its check with USE-CANDIDATE
 * (a triggered check), and the pair is selected when that check succeeds. Exactly one pair is
 * nominated per component, so the first confirmed pair is the selected one.
 */
final class RegularNomination implements Nomination {
    static final RegularNomination INSTANCE = new RegularNomination();

    private RegularNomination() {
    }

    @Override
    public boolean useCandidateOnEveryCheck() {
        return false;
    }

    @Override
    public boolean nominatedOnValidation(CandidatePair validPair) {
        // Only the USE-CANDIDATE check nominates, and ice4j confirms it (Agent.nominationConfirmed).
        return false;
    }

    @Override
    public boolean reselects() {
        // RFC 8445 §8.1.1: "MUST NOT nominate another pair for same component ... within the session".
        return false;
    }

    @Override
    public String toString() {
        return "regular nomination (controlling)";
    }
}

package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;

/**
 * The controlled agent accepts both nomination modes: a pair is nominated once it is valid and a
 * request with USE-CANDIDATE arrived for it (RFC 8445 §7.3.1.5, RFC 5245 §7.2.1.5). A regular
 * peer nominates one pair; an aggressive peer may nominate several, and RFC 8445 §8.1.1 says
 * that then "the agents MUST produce the selected pairs and use the pairs with the highest
 * priority" (RFC 5245 §11.1.1 likewise).
 */
final class ControlledNomination implements Nomination {
    static final ControlledNomination INSTANCE = new ControlledNomination();

    private ControlledNomination() {
    }

    @Override
    public boolean useCandidateOnEveryCheck() {
        return false; // only the controlling agent sends USE-CANDIDATE (RFC 8445 §7.2.2)
    }

    @Override
    public boolean nominatedOnValidation(CandidatePair validPair) {
        // RFC 8445 §7.3.1.5: the USE-CANDIDATE request came first, our triggered check just succeeded.
        return validPair.useCandidateReceived();
    }

    @Override
    public boolean reselects() {
        return true;
    }

    @Override
    public String toString() {
        return "controlled (accepts regular and aggressive nomination)";
    }
}

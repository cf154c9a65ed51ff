package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;

/**
 * Aggressive nomination by the controlling agent (RFC 5245 §8.1.1.2): every check carries
 * USE-CANDIDATE, ordinary, triggered and peer-reflexive pairs and retransmissions alike; the valid
 * pair a check yields is therefore nominated, and "the agent will select the highest-priority
 * nominated pair". Several pairs can end up nominated, possibly in a different order on each side
 * when responses are lost; both sides converge on the highest-priority one.
 */
final class AggressiveNomination implements Nomination {
    static final AggressiveNomination INSTANCE = new AggressiveNomination();

    private AggressiveNomination() {
    }

    @Override
    public boolean useCandidateOnEveryCheck() {
        return true;
    }

    @Override
    public boolean nominatedOnValidation(CandidatePair validPair) {
        // RFC 5245 §7.1.2.2.4 / §8.1.1.2: the check that produced the valid pair carried USE-CANDIDATE.
        return true;
    }

    @Override
    public boolean reselects() {
        return true;
    }

    @Override
    public String toString() {
        return "aggressive nomination (controlling)";
    }
}

package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * A candidate pair whose checks carry USE-CANDIDATE whenever the agent's strategy says so
 * (reference/ice4j.md §4.2 approach A). ice4j's check client adds USE-CANDIDATE to a controlling
 * agent's request exactly when {@link #isNominated()} is true, for ordinary, triggered and
 * peer-reflexive pairs alike, and retransmissions repeat the same request.
 */
final class NominatingPair extends CandidatePair {
    private final NominatingAgent agent;

    NominatingPair(LocalCandidate local, RemoteCandidate remote, NominatingAgent agent) {
        super(local, remote);
        this.agent = agent;
    }

    /**
     * RFC 5245 §8.1.1.2: with aggressive nomination every check is a nominating one. Also keeps
     * ice4j's own nominator from nominating again (it skips pairs that report nominated).
     */
    @Override
    public boolean isNominated() {
        return super.isNominated() || agent.nomination().useCandidateOnEveryCheck();
    }

    /** ice4j's own flag: set once a nomination was confirmed (or, in regular mode, sent). */
    boolean nominationRecorded() {
        return super.isNominated();
    }
}

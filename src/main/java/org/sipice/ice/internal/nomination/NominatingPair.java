package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.stack.TransactionID;

/**
 * A candidate pair whose checks carry USE-CANDIDATE whenever the agent's strategy says so
 * (reference/ice4j.md §4.2 approach A). ice4j's check client adds USE-CANDIDATE to a controlling
 * agent's request exactly when {@link #isNominated()} is true, for ordinary, triggered and
 * peer-reflexive pairs alike, and retransmissions repeat the same request.
 */
final class NominatingPair extends CandidatePair {
    private final NominatingAgent agent;
    private volatile boolean checked;

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

    /** Called by ice4j's pace maker as each check of this pair leaves. */
    @Override
    public void setStateInProgress(TransactionID transaction) {
        super.setStateInProgress(transaction);
        checked = true;
        agent.counters().checkSent(getLocalCandidate().getTransportAddress(),
                getRemoteCandidate().getTransportAddress());
    }

    /** Called by ice4j's check client when a success response to this pair's check arrives. */
    @Override
    public void setStateSucceeded() {
        super.setStateSucceeded();
        agent.counters().checkSucceeded(getLocalCandidate().getTransportAddress(),
                getRemoteCandidate().getTransportAddress());
    }

    /** Whether a check for this pair was ever sent (and may have nominated it at the peer). */
    boolean checked() {
        return checked;
    }

    /** ice4j's own flag: set once a nomination was confirmed (or, in regular mode, sent). */
    boolean nominationRecorded() {
        return super.isNominated();
    }
}

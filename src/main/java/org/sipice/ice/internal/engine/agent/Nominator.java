package org.sipice.ice.internal.engine.agent;

/**
 * How the agent nominates, or accepts nominations (RFC 8445 §8.1.1): one strategy per role and
 * mode ({@link RegularNomination}, {@link AggressiveNomination}, {@link ControlledNomination}),
 * swapped when the role changes. The last two share their selection rule,
 * {@link HighestNominatedSelection}. Called on the session's thread.
 */
interface Nominator {

    /** A check of {@code pair} succeeded and the pair is valid (RFC 8445 §7.2.5.3.2). */
    void onValid(CandidatePair pair);

    /** {@code pair} is valid and nominated (RFC 8445 §7.2.5.3.4, §7.3.1.5). */
    void onNominated(CandidatePair pair);

    /** A check of {@code pair} failed. */
    void onFailed(CandidatePair pair);

    /** Every check this agent sends carries USE-CANDIDATE (RFC 5245 §8.1.1.2, controlling only). */
    default boolean nominatesEveryCheck() {
        return false;
    }

    /**
     * Once a component has its selected pair, whether higher-priority pairs keep being checked,
     * because a later nomination can still replace the selection (RFC 5245 §8.1.1.2, RFC 8445 §8.1.1).
     */
    default boolean keepsCheckingAboveSelected() {
        return true;
    }

    /** Cancels the strategy's timers (role change, completion, close). */
    default void stop() {
    }
}

package org.sipice.ice.internal.nomination;

import org.ice4j.ice.CandidatePair;
import org.sipice.ice.NominationMode;

/**
 * How an agent in its current role nominates pairs and which nominated pair it keeps: one small
 * strategy per role and mode, swapped when a role conflict changes the role (RFC 8445 §7.3.1.1).
 *
 * <ul>
 * <li>{@link RegularNomination}: controlling, RFC 8445 §8.1.1, ice4j's own behaviour.</li>
 * <li>{@link AggressiveNomination}: controlling, RFC 5245 §8.1.1.2.</li>
 * <li>{@link ControlledNomination}: controlled; accepts both.</li>
 * </ul>
 */
public interface Nomination {

    /** The strategy for a role and the session's nomination mode. */
    static Nomination of(boolean controlling, NominationMode mode) {
        if (!controlling) {
            return ControlledNomination.INSTANCE;
        }
        return mode == NominationMode.AGGRESSIVE ? AggressiveNomination.INSTANCE : RegularNomination.INSTANCE;
    }

    /** True when every check this agent sends carries USE-CANDIDATE (RFC 5245 §8.1.1.2). */
    boolean useCandidateOnEveryCheck();

    /**
     * Whether a pair that just entered the valid list is nominated by that very check. ice4j
     * confirms nominations itself only while no pair is selected; this covers the rest.
     */
    boolean nominatedOnValidation(CandidatePair validPair);

    /**
     * Whether a later, higher-priority nomination replaces the selected pair. RFC 8445 §8.1.1: a
     * regular controlling agent nominates one pair and never another; with several nominations
     * (aggressive, RFC 5245 §8.1.1.2) both agents use the highest-priority nominated pair.
     */
    boolean reselects();
}

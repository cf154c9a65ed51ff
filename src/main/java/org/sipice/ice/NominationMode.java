package org.sipice.ice;

/**
 * How the controlling agent nominates pairs.
 *
 * <p>Only regular nomination exists in RFC 8445 (§8.1.1): the controlling agent lets checks
 * run, picks a valid pair and repeats its check with USE-CANDIDATE. Aggressive nomination
 * (RFC 5245 §8.1.1.2) is a later addition to sipice's engine.
 */
public enum NominationMode {
    /** RFC 8445 §8.1.1: nominate a valid pair with a second, USE-CANDIDATE check. */
    REGULAR
}

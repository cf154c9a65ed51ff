package org.sipice.ice;

/**
 * How the controlling agent nominates pairs.
 *
 * <p>Only regular nomination exists in RFC 8445 (§8.1.1): the controlling agent lets checks
 * run, picks a valid pair and repeats its check with USE-CANDIDATE. Aggressive nomination
 * (RFC 5245 §8.1.1.2) saves one Ta but was deprecated by RFC 8445; it is never used toward an
 * ICE-lite peer or a peer whose ice-options we do not understand (RFC 5245 §8.1.1).
 */
public enum NominationMode {
    /** RFC 8445 §8.1.1: nominate a valid pair with a second, USE-CANDIDATE check. */
    REGULAR,
    /** RFC 5245 §8.1.1.2: USE-CANDIDATE on every check; the highest-priority nominated pair wins. */
    AGGRESSIVE
}

package org.sipice.sip;

/**
 * Where the UAS puts its ICE answer before the call is answered, so that connectivity checks
 * finish before the phone rings (RFC 8839 §7.1.1).
 */
public enum EarlyAnswerMode {
    /**
     * The answer rides in our own 100 Trying, sent before JAIN-SIP's automatic one. Works end to
     * end without proxies; a stateful proxy absorbs 100s (RFC 3261 §21.1.1).
     */
    TRYING_100,
    /** The answer rides in a reliable 183 Session Progress (RFC 3262, 100rel/PRACK). */
    RELIABLE_183,
    /**
     * Both: the answer in 100 Trying at once, plus a reliable 183 when the UAC supports 100rel.
     * The default.
     */
    AUTO
}

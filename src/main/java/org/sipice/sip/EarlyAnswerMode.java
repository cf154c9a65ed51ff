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
    /**
     * The answer rides in a reliable 183 Session Progress (RFC 3262, 100rel/PRACK). Toward a
     * caller without 100rel, the 183 is sent as {@link #RETRANSMITTED_183} does.
     */
    RELIABLE_183,
    /**
     * The answer rides in an unreliable 183 Session Progress, sent again on the RFC 3262 §3
     * back-off (500 ms doubling, here capped at T2 = 4 s) until the first authenticated
     * connectivity check from the caller arrives or the 2xx goes out; toward an ICE-lite caller
     * (which sends no checks) after four transmissions at most. Running out does not end the
     * call (RFC 8839 §7.1.1).
     */
    RETRANSMITTED_183,
    /**
     * The answer in 100 Trying at once, plus a reliable 183 when the UAC supports 100rel, else a
     * retransmitted 183. The default.
     */
    AUTO
}

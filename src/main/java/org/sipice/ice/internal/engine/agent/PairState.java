package org.sipice.ice.internal.engine.agent;

/** The state of a candidate pair in its check list (RFC 8445 §6.1.2.6). */
enum PairState {
    /** Not checked yet, and not allowed to be until its foundation is unfrozen. */
    FROZEN("frozen"),
    /** Checked as soon as it becomes the highest-priority Waiting pair (RFC 8445 §6.1.4.2). */
    WAITING("waiting"),
    /** A check was sent and its transaction runs. */
    IN_PROGRESS("in-progress"),
    /** A check produced a successful, authenticated response (RFC 8445 §7.2.5.3). */
    SUCCEEDED("succeeded"),
    /** A check failed: timeout, error response or non-symmetric addresses (RFC 8445 §7.2.5.2). */
    FAILED("failed"),
    /**
     * The pair's check was In-Progress when its component got a nominated pair, and its
     * retransmissions ceased (RFC 8445 §8.1.2). Not a failure: §7.2.5.2 lists what fails a check,
     * and an unanswered check stopped early says nothing about the pair or its foundation; nor is
     * it still In-Progress, since no answer can come. Like Failed it is checked again if the peer's
     * check triggers it (§7.3.1.4).
     */
    CANCELLED("cancelled");

    private final String statsName;

    PairState(String statsName) {
        this.statsName = statsName;
    }

    /** The name W3C webrtc-stats §8.7 ({@code RTCStatsIceCandidatePairState}) uses. */
    String statsName() {
        return statsName;
    }
}

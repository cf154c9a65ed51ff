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
    FAILED("failed");

    private final String statsName;

    PairState(String statsName) {
        this.statsName = statsName;
    }

    /** The name W3C webrtc-stats §8.7 ({@code RTCStatsIceCandidatePairState}) uses. */
    String statsName() {
        return statsName;
    }
}

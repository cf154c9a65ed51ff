package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import org.sipice.sdp.CandidateType;

/**
 * How long after the checks start regular nomination waits before it accepts a valid pair of a
 * given kind while a higher-priority pair can still succeed (RFC 8445 §8.1.1 leaves the choice of
 * the valid pair to nominate, and when, to the controlling agent). A pair is as slow as its least
 * direct end: relayed if either candidate is, then peer-reflexive, then server-reflexive.
 *
 * <p>The defaults are Pion's ({@code agent_config.go}: host 0, srflx 500 ms, prflx 1 s, relay 2 s):
 * a host pair is taken at once, while a relayed pair validated first gives the direct pairs above
 * it two seconds to succeed, which covers a lost check and its retransmissions at 100, 300 and
 * 700 ms plus a 500 ms round trip. When no higher-priority pair can still succeed the wait ends
 * at once, so a call that can only be relayed does not wait either.
 *
 * @param host         both ends host candidates
 * @param serverReflexive an end server-reflexive, none peer-reflexive or relayed
 * @param peerReflexive an end peer-reflexive, none relayed
 * @param relayed      an end relayed
 */
record AcceptanceWaits(Duration host, Duration serverReflexive, Duration peerReflexive, Duration relayed) {

    /** Pion's defaults (see the class comment). */
    static final AcceptanceWaits DEFAULT = new AcceptanceWaits(Duration.ZERO, Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2));

    /** The wait of a pair: that of its least direct end. */
    Duration of(CandidatePair pair) {
        CandidateType local = pair.local().candidate().type();
        CandidateType remote = pair.remote().type();
        if (local == CandidateType.RELAY || remote == CandidateType.RELAY) {
            return relayed;
        }
        if (local == CandidateType.PRFLX || remote == CandidateType.PRFLX) {
            return peerReflexive;
        }
        if (local == CandidateType.SRFLX || remote == CandidateType.SRFLX) {
            return serverReflexive;
        }
        return host;
    }
}

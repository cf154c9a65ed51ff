package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceCandidatePairStats;

/** One pair's counters as {@code IceStats} reports them (W3C webrtc-stats §8.7 names). */
class PairStatisticsTest {

    @Test
    void aPairThatWasCheckedSelectedAndCarriedMediaReportsEveryCounter() {
        PairStatistics pair = new PairStatistics();
        // Alice's check (retransmitted once, counted once) succeeds after 30 ms; Bob's check arrives
        // and is answered; then two consent checks, one answered after 20 ms.
        pair.checkSent();
        pair.checkSucceeded(Duration.ofMillis(30));
        pair.checkReceived();
        pair.checkAnswered();
        pair.consentSent();
        pair.consentAnswered(Duration.ofMillis(20));
        pair.consentSent();
        // Three RTP packets out (172 bytes each), two in (172 and 60).
        for (int i = 0; i < 3; i++) {
            pair.packetSent(172);
        }
        pair.packetReceived(172);
        pair.packetReceived(60);
        pair.lastPacketSentNanos(5_000_000_000L);
        pair.lastPacketReceivedNanos(5_020_000_000L);

        IceCandidatePairStats stats = pair.toStats("P1", 1, "L1", "R2", "succeeded", 9_115_005_270_407_020_543L,
                true, true);

        assertEquals(new IceCandidatePairStats("P1", 1, "L1", "R2", "succeeded", 9_115_005_270_407_020_543L, true, true,
                3, 1, 1, 2, 2, 0.020, 0.050, 3, 2, 516, 232), stats);
        assertEquals(1, pair.consentResponsesReceived());
        assertEquals(5_000_000_000L, pair.lastPacketSentNanos());
        assertEquals(5_020_000_000L, pair.lastPacketReceivedNanos());
        assertEquals(Duration.ofMillis(50), pair.totalRoundTripTime());
        assertEquals(Duration.ofMillis(20), pair.currentRoundTripTime());
    }

    @Test
    void beforeAnyResponseTheCurrentRoundTripIsUnknown() {
        PairStatistics pair = new PairStatistics();
        pair.checkSent();

        IceCandidatePairStats stats = pair.toStats("P2", 2, "L3", "R4", "in-progress", 42, false, false);

        assertNull(stats.currentRoundTripTime());
        assertNull(pair.currentRoundTripTime());
        assertEquals(0.0, stats.totalRoundTripTime());
        assertEquals(1, stats.requestsSent());
        assertEquals(0, stats.responsesReceived());
        assertEquals(0, stats.consentRequestsSent());
        assertEquals(2, stats.componentId());
        assertEquals("in-progress", stats.state());
    }
}

package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * The retransmitted 183 on fake time: when each copy leaves. RFC 3262 §3 (and RFC 8839 §7.1.1,
 * which applies it to the unreliable 183): the first retransmission after T1 = 500 ms, the
 * interval doubling up to T2 = 4 s, no copy later than 64·T1 = 32 s after the first; toward an
 * ICE-lite peer four copies in all.
 */
class RetransmittedProgressFakeTimeTest {
    private final FakeScheduler time = new FakeScheduler();
    private final long start = time.nanoTime();
    private final List<Long> sentAtMs = new ArrayList<>();
    private boolean ended;

    private RetransmittedProgress start(boolean peerIsLite) throws Exception {
        return RetransmittedProgress.start("call1", () -> sentAtMs.add((time.nanoTime() - start) / 1_000_000),
                time, Runnable::run, () -> ended, peerIsLite);
    }

    @Test
    void copiesLeaveAtT1DoublingToT2AndNoneAfter64T1() throws Exception {
        RetransmittedProgress progress = start(false);
        time.advance(Duration.ofMinutes(2));
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L),
                sentAtMs);
        assertEquals(11, progress.transmissions());
    }

    @Test
    void towardAnIceLitePeerFourCopiesInAll() throws Exception {
        start(true);
        time.advance(Duration.ofMinutes(2));
        assertEquals(List.of(0L, 500L, 1500L, 3500L), sentAtMs);
    }

    @Test
    void thePeersFirstCheckStopsTheCopies() throws Exception {
        RetransmittedProgress progress = start(false);
        time.advance(Duration.ofMillis(1600)); // copies at 0, 0.5 s, 1.5 s
        progress.stop(); // RFC 8839 §7.1.1: a Binding request shows the caller has the answer
        time.advance(Duration.ofMinutes(2));
        assertEquals(List.of(0L, 500L, 1500L), sentAtMs);
    }

    @Test
    void anEndedCallSendsNoMoreCopies() throws Exception {
        start(false);
        time.advance(Duration.ofMillis(600));
        ended = true; // CANCEL, BYE: the call's state is ENDED
        time.advance(Duration.ofMinutes(2));
        assertEquals(List.of(0L, 500L), sentAtMs);
    }
}

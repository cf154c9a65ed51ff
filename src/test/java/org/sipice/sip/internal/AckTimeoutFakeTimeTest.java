package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * The callee's wait for the ACK of its 2xx on fake time. RFC 3261 §13.3.1.4: without an ACK
 * 64·T1 = 32 s after the 2xx, the session ends with a BYE; the ACK, or the end of the call, stops
 * the wait.
 */
class AckTimeoutFakeTimeTest {
    private final FakeScheduler time = new FakeScheduler();
    private final AckTimeout ackTimeout = new AckTimeout();
    private final List<String> events = new ArrayList<>();

    @Test
    void withoutAnAckTheCallEndsExactly64T1AfterThe2xx() {
        assertEquals(Duration.ofSeconds(32), AckTimeout.TIMEOUT);
        ackTimeout.arm(time, Runnable::run, () -> events.add("BYE: no ACK"));
        time.advance(Duration.ofMillis(31_999));
        assertEquals(List.of(), events, "the RI is still retransmitting the 2xx");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("BYE: no ACK"), events);
    }

    @Test
    void theAckStopsTheWait() {
        ackTimeout.arm(time, Runnable::run, () -> events.add("BYE: no ACK"));
        time.advance(Duration.ofMillis(1500)); // the 2xx was retransmitted twice
        ackTimeout.cancel(); // ACK
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), events);
    }

    @Test
    void armingTwiceWaitsOnce() {
        ackTimeout.arm(time, Runnable::run, () -> events.add("BYE: no ACK"));
        time.advance(Duration.ofSeconds(10));
        ackTimeout.arm(time, Runnable::run, () -> events.add("BYE again"));
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of("BYE: no ACK"), events);
    }
}

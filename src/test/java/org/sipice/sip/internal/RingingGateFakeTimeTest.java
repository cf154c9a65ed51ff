package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * The ringing gate's timeout on fake time (RFC 8839 §7.1.1: alerting waits for ICE, but not
 * forever): it fires once, exactly when the profile's {@code sipice.ringing-gate-timeout} has
 * passed since it was armed, and never once the gate opened; the held time counts from the INVITE.
 */
class RingingGateFakeTimeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final FakeScheduler time = new FakeScheduler();
    private final List<String> events = new ArrayList<>();

    @Test
    void theTimeoutFiresOnceWhenItsTimeHasPassed() {
        RingingGate gate = new RingingGate(time, time.nanoTime());
        gate.arm(TIMEOUT, Runnable::run, () -> events.add("gate timed out"));
        time.advance(TIMEOUT.minusMillis(1));
        assertEquals(List.of(), events, "4.999 s: still waiting for ICE");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("gate timed out"), events);
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of("gate timed out"), events);
    }

    @Test
    void anOpenedGateNeverTimesOutAndSaysHowLongItHeld() {
        long inviteArrived = time.nanoTime();
        time.advance(Duration.ofMillis(120)); // gathering and the early answer
        RingingGate gate = new RingingGate(time, inviteArrived);
        gate.arm(TIMEOUT, Runnable::run, () -> events.add("gate timed out"));
        time.advance(Duration.ofMillis(300)); // checks succeed
        assertEquals(Duration.ofMillis(420), gate.open());
        assertNull(gate.open(), "opens once");
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), events);
    }

    @Test
    void aTimeoutAlreadyQueuedDoesNothingOnceTheGateOpened() {
        RingingGate gate = new RingingGate(time, time.nanoTime());
        List<Runnable> callExecutor = new ArrayList<>(); // the call's executor, busy until drained below
        gate.arm(TIMEOUT, callExecutor::add, () -> events.add("gate timed out"));
        time.advance(TIMEOUT); // the timer posts its task; ICE completes first on the call's executor
        gate.open();
        callExecutor.forEach(Runnable::run);
        assertEquals(List.of(), events);
    }

    @Test
    void anEndedCallCancelsTheTimeout() {
        RingingGate gate = new RingingGate(time, time.nanoTime());
        gate.arm(TIMEOUT, Runnable::run, () -> events.add("gate timed out"));
        time.advance(Duration.ofSeconds(1));
        gate.cancel(); // CANCEL received
        time.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), events);
    }
}

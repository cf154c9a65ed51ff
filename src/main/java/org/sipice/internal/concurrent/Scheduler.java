package org.sipice.internal.concurrent;

import java.time.Duration;

/**
 * Time and serial execution: the clock every timer reads, the timers themselves and the one
 * thread the state they guard lives on. The seam through which sipice's time can be faked.
 *
 * <p>The ICE engine runs each session on one (check pacing, STUN retransmissions, acceptance
 * waits, consent, keepalives, TURN refresh): a Netty event loop in production
 * ({@code IceLoop#scheduler()}), so the agent needs no locks. The SIP layer's timers (ringing
 * gate, retransmitted 183, ACK timeout, 491 back-off) read it too ({@code SipTimers}). Tests use
 * a fake whose clock only moves when the test says so, so a 30 s consent timeout takes
 * microseconds of real time.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds (the origin is arbitrary; only differences mean anything). */
    long nanoTime();

    /** Runs {@code task} soon, on this scheduler's thread, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on this scheduler's thread once {@code delay} has passed. */
    Timer schedule(Duration delay, Runnable task);

    /** True when the caller runs on this scheduler's thread (state may be touched directly). */
    boolean inThread();

    /** A scheduled task that has not run yet can be cancelled; cancelling later does nothing. */
    interface Timer {
        void cancel();
    }
}

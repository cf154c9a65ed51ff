package org.sipice.ice.internal.engine.loop;

import java.time.Duration;

/**
 * Time and serial execution for one ICE session: the clock every timer reads, the timers
 * themselves (check pacing, STUN retransmissions, acceptance waits, consent, keepalives, TURN
 * refresh) and the one thread the session's state lives on.
 *
 * <p>Everything a session does runs through its scheduler, one task at a time, so the agent
 * needs no locks. Production uses one Netty event loop ({@link IceLoop#scheduler()}); tests use
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

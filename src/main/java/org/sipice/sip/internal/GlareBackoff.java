package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.sipice.internal.concurrent.Scheduler;

/**
 * How long a UAC waits before it sends its re-INVITE or UPDATE again after a 491 Request Pending
 * (glare: both ends offered at once). RFC 3261 §14.1: the owner of the Call-ID (the UA that made
 * it, the caller) waits between 2.1 and 4 s, the other between 0 and 2 s, "in units of 10 ms", so
 * the two retries cannot meet again. The retry runs on the call's executor.
 */
final class GlareBackoff {
    /** RFC 3261 §14.1, in units of 10 ms: the Call-ID's owner draws 210-400, the other 0-200. */
    private static final int OWNER_MIN_UNITS = 210;
    private static final int OWNER_MAX_UNITS = 400;
    private static final int OTHER_MAX_UNITS = 200;
    private static final long UNIT_MS = 10;

    private GlareBackoff() {
    }

    /** A wait drawn from {@code random} for the owner of the Call-ID or for the other end. */
    static Duration delay(boolean ownsCallId, RandomGenerator random) {
        int units = ownsCallId ? random.nextInt(OWNER_MIN_UNITS, OWNER_MAX_UNITS + 1) : random.nextInt(0, OTHER_MAX_UNITS + 1);
        return Duration.ofMillis(units * UNIT_MS);
    }

    /** Schedules {@code retry} on {@code callExecutor} after {@link #delay}. */
    static Duration schedule(Scheduler timers, Executor callExecutor, boolean ownsCallId, RandomGenerator random,
            Runnable retry) {
        Duration wait = delay(ownsCallId, random);
        timers.schedule(wait, () -> callExecutor.execute(retry));
        return wait;
    }
}

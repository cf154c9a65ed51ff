package org.sipice.ice.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * The session's bound on connectivity checks ({@link org.sipice.ice.IceConfig#checksTimeout()}):
 * RFC 8445 §8.1.2 lets checks run until every pair failed, which can take long; without a
 * selected pair by the deadline the session fails. {@link #cancel()} is idempotent.
 */
final class ChecksDeadline {
    private volatile ScheduledFuture<?> timer;

    /** Runs {@code expired} on {@code serial} after {@code timeout}, unless cancelled first. */
    void arm(Duration timeout, SerialExecutor serial, Runnable expired) {
        timer = Executors.timer().schedule(() -> serial.execute(expired), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void cancel() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}

package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sipice.internal.concurrent.Executors;

/**
 * Holds alerting until ICE is ready. RFC 8839 §7.1.1: "Implementations SHOULD delay alerting
 * until every component of every stream has a valid pair", which avoids ghost rings and
 * post-pickup delay. The gate opens once; if it is still closed when the timeout expires,
 * {@code onTimeout} runs on the call's executor.
 */
final class RingingGate {
    private final long armedNanos;
    private boolean open;
    private ScheduledFuture<?> timer;

    /** @param since when the INVITE arrived: the held time counts from there */
    RingingGate(long since) {
        this.armedNanos = since;
    }

    /** Starts the timeout; {@code onTimeout} is posted to {@code callExecutor}. */
    void arm(Duration timeout, Executor callExecutor, Runnable onTimeout) {
        timer = Executors.timer().schedule(() -> callExecutor.execute(() -> {
            if (!open) {
                onTimeout.run();
            }
        }), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return open;
    }

    /** Opens the gate; returns how long it held, or null if it was already open. */
    Duration open() {
        if (open) {
            return null;
        }
        open = true;
        if (timer != null) {
            timer.cancel(false);
        }
        return Duration.ofNanos(System.nanoTime() - armedNanos);
    }

    /** Stops the timer without opening (the call ended). */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

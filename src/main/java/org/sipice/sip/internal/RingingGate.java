package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.sipice.internal.concurrent.Scheduler;

/**
 * Holds alerting until ICE is ready. RFC 8839 §7.1.1: "Implementations SHOULD delay alerting
 * until every component of every stream has a valid pair", which avoids ghost rings and
 * post-pickup delay. The gate opens once; if it is still closed when the timeout expires,
 * {@code onTimeout} runs on the call's executor.
 */
final class RingingGate {
    private final Scheduler timers;
    private final long armedNanos;
    private boolean open;
    private Scheduler.Timer timer;
    private java.util.concurrent.CompletableFuture<?> conditions;

    /**
     * @param timers the call's clock and timers ({@link SipContext#timers})
     * @param since  when the INVITE arrived, on that clock: the held time counts from there
     */
    RingingGate(Scheduler timers, long since) {
        this.timers = timers;
        this.armedNanos = since;
    }

    /**
     * True when an offer's media direction leaves nothing for the gate to protect. RFC 8839
     * §7.1.1 delays alerting so that media works once the callee picks up; an inactive offer
     * (RFC 3264 §5.1) asks for no media at all, and its candidates may lead nowhere (the black
     * hole of RFC 3725 Flow IV): waiting for ICE would only fail the call.
     */
    static boolean nothingToWaitFor(String offeredDirection) {
        return "inactive".equals(offeredDirection);
    }

    /** Starts the timeout; {@code onTimeout} is posted to {@code callExecutor}. */
    void arm(Duration timeout, Executor callExecutor, Runnable onTimeout) {
        timer = timers.schedule(timeout, () -> callExecutor.execute(() -> {
            if (!open) {
                onTimeout.run();
            }
        }));
    }

    /**
     * Adds an application condition (a B2BUA's outgoing leg being ICE-ready): {@link #awaitConditions}
     * holds the gate until every one has completed. Any thread: the application may call it
     * from {@code incomingCall}, which runs inside the task that may open the gate.
     */
    synchronized void holdUntil(java.util.concurrent.CompletionStage<?> more) {
        java.util.concurrent.CompletableFuture<?> f = more.toCompletableFuture();
        conditions = conditions == null ? f : java.util.concurrent.CompletableFuture.allOf(conditions, f);
    }

    /**
     * True while an application condition is pending: {@code then} runs on {@code callExecutor}
     * once it completes (with its failure, or null). False when nothing holds the gate any more.
     */
    synchronized boolean awaitConditions(Executor callExecutor, java.util.function.Consumer<Throwable> then) {
        java.util.concurrent.CompletableFuture<?> c = conditions;
        if (c == null || c.isDone() && !c.isCompletedExceptionally()) {
            return false;
        }
        conditions = null; // one wait per condition set: a failure is reported once
        c.whenComplete((v, error) -> callExecutor.execute(() -> then.accept(error)));
        return true;
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
            timer.cancel();
        }
        return Duration.ofNanos(timers.nanoTime() - armedNanos);
    }

    /** Stops the timer without opening (the call ended). */
    void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }
}

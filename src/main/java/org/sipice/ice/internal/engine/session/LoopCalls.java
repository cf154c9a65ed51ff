package org.sipice.ice.internal.engine.session;

import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Scheduler;

/**
 * Calls into a session's loop from the public methods that must answer at once ({@code stats()},
 * {@code close()}): on the loop the task runs in place; from an application thread it is posted
 * and waited for, at most {@link #WAIT}; from another event loop it is posted and not waited for,
 * so that two loops never wait for each other (a B2BUA closing one leg from the other's media).
 */
final class LoopCalls {
    private static final Logger LOG = LogManager.getLogger(LoopCalls.class);
    /** How long an application thread waits for the loop. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private final String name;
    private final Scheduler scheduler;

    LoopCalls(String name, Scheduler scheduler) {
        this.name = name;
        this.scheduler = scheduler;
    }

    /** The task's result; null when posted from another loop or when the loop did not answer in time. */
    <T> T call(Supplier<T> task) {
        if (scheduler.inThread()) {
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return mayWait() ? await(result) : null;
    }

    /** Runs {@code task} in place on the loop, else posts it and returns at once. */
    void post(Runnable task) {
        if (scheduler.inThread()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }

    /** Waits for {@code done} when the caller may wait (not on a loop); otherwise returns at once. */
    <T> T await(CompletableFuture<T> done) {
        if (!mayWait()) {
            return null;
        }
        try {
            return done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.warn("{}: the session's loop did not answer within {} ms: {}", name, WAIT.toMillis(), e.toString());
            return null;
        }
    }

    private boolean mayWait() {
        // Netty marks its event-loop threads: an application thread has no executor there.
        return !scheduler.inThread() && ThreadExecutorMap.currentExecutor() == null;
    }
}

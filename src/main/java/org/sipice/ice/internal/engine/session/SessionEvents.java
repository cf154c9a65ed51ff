package org.sipice.ice.internal.engine.session;

import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * The ordered queue between a session's event loop and its application: events and the
 * completion of the futures the application holds ({@code gather()}, {@code completion()}) are
 * handed over in the order the session produced them, one at a time, on {@link EventThreads}
 * through one {@link SerialExecutor} per session. The loop only enqueues: a slow listener, or a
 * {@code thenAccept} chained on a future, never holds up the session's packets and timers.
 */
final class SessionEvents {
    private static final Logger LOG = LogManager.getLogger(SessionEvents.class);

    private final String name;
    private final IceEventListener listener;
    private final SerialExecutor queue;
    private boolean closed;

    SessionEvents(String name, IceEventListener listener) {
        this.name = name;
        this.listener = listener == null ? IceEventListener.NONE : listener;
        this.queue = new SerialExecutor(EventThreads.shared(), name + "-events");
    }

    /** Queues {@code event}; nothing after {@link IceEvent.Closed} is delivered. Session thread only. */
    void emit(IceEvent event) {
        if (closed) {
            return;
        }
        closed = event instanceof IceEvent.Closed;
        queue.execute(() -> {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("{}: event listener failed on {}", name, event, e);
            }
        });
    }

    /** Completes {@code future} in its turn among the events, off the event loop. */
    <T> void complete(CompletableFuture<T> future, T value) {
        queue.execute(() -> future.complete(value));
    }

    /** Fails {@code future} in its turn among the events, off the event loop. */
    void fail(CompletableFuture<?> future, Throwable error) {
        queue.execute(() -> future.completeExceptionally(error));
    }

    /** Runs {@code task} after every event queued so far (a pooled session's hand-over). */
    void after(Runnable task) {
        queue.execute(task);
    }
}

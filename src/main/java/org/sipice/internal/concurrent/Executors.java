package org.sipice.internal.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * sipice's process-wide worker pool and timer. Both use daemon threads; idle workers end after
 * {@link #IDLE_SECONDS}, so a process with no calls returns to its baseline thread count.
 */
public final class Executors {
    /** Idle worker lifetime: short, so leak checks see threads go away quickly. */
    public static final int IDLE_SECONDS = 2;

    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), factory("sipice-worker"));

    private static final ScheduledExecutorService TIMER = createTimer();

    private Executors() {
    }

    /** The shared worker pool; wrap it in a {@link SerialExecutor} per call or session. */
    public static ExecutorService workers() {
        return WORKERS;
    }

    /** The shared timer; timer tasks must hand real work to a {@link SerialExecutor}. */
    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    private static ScheduledExecutorService createTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, factory("sipice-timer"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

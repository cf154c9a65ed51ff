package org.sipice.internal.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * sipice's process-wide worker pool and timer. Both use daemon threads.
 *
 * <p>The worker pool is bounded ({@link #WORKER_THREADS}) and queues what its threads cannot take
 * at once ({@link WorkerPool}): a mass hang-up of thousands of calls queues their work instead of
 * starting a thread per call (issue 12: a fixed number of threads for the whole process). Work run
 * there must therefore never wait for other work of the same pool; waits for an ICE session's
 * event loop are skipped on these threads ({@link #onWorkerThread()}). Idle workers end after
 * {@link #IDLE_SECONDS}, so a process with no calls returns to its baseline thread count.
 */
public final class Executors {
    /** Idle worker lifetime: short, so leak checks see threads go away quickly. */
    public static final int IDLE_SECONDS = 2;

    /**
     * Worker threads: four per core, at least eight. The work is SIP handling and SDP building,
     * short and CPU-bound (sending a datagram is the longest wait), so a few threads per core keep
     * every core busy while one waits; more only add contention. Overridable for measurements
     * with {@code -Dsipice.worker-threads=N}, read once.
     */
    public static final int WORKER_THREADS = Integer.getInteger("sipice.worker-threads",
            Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));

    private static final WorkerPool WORKERS = new WorkerPool("sipice-worker", WORKER_THREADS, IDLE_SECONDS);

    private static final ScheduledExecutorService TIMER = createTimer();

    private Executors() {
    }

    /** The shared worker pool; wrap it in a {@link SerialExecutor} per call or session. */
    public static ExecutorService workers() {
        return WORKERS;
    }

    /** The shared worker pool's own figures (threads now and at most, tasks queued). */
    public static WorkerPool workerPool() {
        return WORKERS;
    }

    /** True on a thread of the shared worker pool: such a thread must not wait for other work. */
    public static boolean onWorkerThread() {
        return WORKERS.owns(Thread.currentThread());
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

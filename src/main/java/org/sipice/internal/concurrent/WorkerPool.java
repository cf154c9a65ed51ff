package org.sipice.internal.concurrent;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of at most {@code threads} daemon threads with an unbounded queue: a task that finds
 * every thread busy waits in the queue instead of starting one more thread. Threads start on
 * demand, up to the bound, and end after {@code idleSeconds} without work. Its threads are marked
 * ({@link #owns(Thread)}) so code can tell it must not wait there for another task of the pool:
 * with a bound, a task waiting for a queued task can wait forever.
 */
public final class WorkerPool extends ThreadPoolExecutor {

    public WorkerPool(String name, int threads, int idleSeconds) {
        this(threads, idleSeconds, new MarkedThreads(name));
    }

    private WorkerPool(int threads, int idleSeconds, MarkedThreads factory) {
        super(threads, threads, idleSeconds, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        factory.pool = this; // threads start on the first execute(), after this constructor
        // Core threads end when idle too, so the pool is empty between bursts of calls.
        allowCoreThreadTimeOut(true);
    }

    /** True if {@code thread} is one of this pool's workers. */
    public boolean owns(Thread thread) {
        return thread instanceof Worker w && w.pool == this;
    }

    /** The most threads the pool has ever had at once; never above {@link #getMaximumPoolSize()}. */
    public int mostThreads() {
        return getLargestPoolSize();
    }

    /** Tasks waiting for a thread now. */
    public int queued() {
        return getQueue().size();
    }

    @Override
    public String toString() {
        return "WorkerPool[" + getPoolSize() + "/" + getMaximumPoolSize() + " threads, " + queued() + " queued]";
    }

    /** Names the threads and marks them as this pool's. */
    private static final class MarkedThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();
        private volatile WorkerPool pool;

        MarkedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Worker w = new Worker(r, prefix + "-" + count.incrementAndGet(), pool);
            w.setDaemon(true);
            return w;
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;

        Worker(Runnable r, String name, WorkerPool pool) {
            super(r, name);
            this.pool = pool;
        }
    }
}

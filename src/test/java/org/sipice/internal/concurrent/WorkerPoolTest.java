package org.sipice.internal.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded worker pool: a burst queues beyond the bound, calls' work stays in order. */
class WorkerPoolTest {
    private static final long DEADLINE_S = 10;
    private static final int BOUND = 4;

    private final WorkerPool pool = new WorkerPool("test-worker", BOUND, 1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aBurstOfBusyCallsQueuesInsteadOfStartingAThreadEach() throws Exception {
        int calls = 50;
        CountDownLatch running = new CountDownLatch(BOUND);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(calls);
        for (int i = 0; i < calls; i++) {
            // one serial executor per call, as CallBase has: each call's closing work is busy
            new SerialExecutor(pool, "call" + i).execute(() -> {
                running.countDown();
                await(release);
                done.countDown();
            });
        }
        assertTrue(running.await(DEADLINE_S, TimeUnit.SECONDS), "the first tasks run");

        assertEquals(BOUND, pool.getPoolSize(), pool.toString());
        assertEquals(calls - BOUND, pool.queued(), pool.toString());
        release.countDown();
        assertTrue(done.await(DEADLINE_S, TimeUnit.SECONDS), "every queued call ran: " + pool);
        assertEquals(BOUND, pool.mostThreads(), "never more threads than the bound");
    }

    @Test
    void eachCallsWorkRunsInOrderOnABusyPool() throws Exception {
        int calls = 20;
        int tasksPerCall = 50;
        List<List<Integer>> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(calls * tasksPerCall);
        for (int c = 0; c < calls; c++) {
            List<Integer> order = new ArrayList<>();
            seen.add(order);
            SerialExecutor serial = new SerialExecutor(pool, "call" + c);
            for (int t = 0; t < tasksPerCall; t++) {
                int n = t;
                serial.execute(() -> {
                    order.add(n); // serial: never two tasks of one call at once
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(DEADLINE_S, TimeUnit.SECONDS), pool.toString());
        List<Integer> expected = java.util.stream.IntStream.range(0, tasksPerCall).boxed().toList();
        for (List<Integer> order : seen) {
            synchronized (order) {
                assertEquals(expected, order);
            }
        }
    }

    @Test
    void itsThreadsAreMarkedAsItsOwn() throws Exception {
        CompletableFuture<Boolean> onWorker = CompletableFuture.supplyAsync(() -> pool.owns(Thread.currentThread()),
                pool);
        assertTrue(onWorker.get(DEADLINE_S, TimeUnit.SECONDS), "a task sees it runs on the pool");
        assertFalse(pool.owns(Thread.currentThread()), "the test's thread is not the pool's");
        WorkerPool other = new WorkerPool("other", 1, 1);
        try {
            AtomicInteger otherOwns = new AtomicInteger(-1);
            CompletableFuture.runAsync(() -> otherOwns.set(pool.owns(Thread.currentThread()) ? 1 : 0), other)
                    .get(DEADLINE_S, TimeUnit.SECONDS);
            assertEquals(0, otherOwns.get(), "another pool's thread is not this pool's");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void theSharedPoolIsBoundedAndSizedFromTheCores() {
        WorkerPool shared = Executors.workerPool();
        assertEquals(Executors.WORKER_THREADS, shared.getMaximumPoolSize());
        assertTrue(Executors.WORKER_THREADS >= Runtime.getRuntime().availableProcessors(), shared.toString());
        assertFalse(Executors.onWorkerThread(), "the test's thread is not a worker");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.sipice.b2bua;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.sipice.sip.Call;
import org.sipice.testing.SelfVitals;

/**
 * Places calls through a {@link B2buaLab} at a fixed rate and keeps the books: setup times
 * (Alice's {@code call()} to her call established: 200 OK and ACK), failed calls by status, calls
 * alive. Each call is hung up by Alice after its hold, or never (a concurrency step hangs them up
 * itself). A step stops early when calls fail massively or the process reaches its limits.
 */
final class CallLoad implements AutoCloseable {
    /** More failures than this, and more than {@link #MAX_FAILED_SHARE} of the calls, stop a step. */
    static final int MAX_FAILED = 20;
    static final double MAX_FAILED_SHARE = 0.2;
    /** More calls waiting for their setup than this many seconds' worth stop a step: it cannot keep up. */
    static final int MAX_BACKLOG_SECONDS = 10;

    private final B2buaLab lab;
    private final ScheduledExecutorService hangups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-hangups");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, Call> live = new ConcurrentHashMap<>();
    private ConcurrentLinkedQueue<Double> setupMs = new ConcurrentLinkedQueue<>();
    private Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger placed = new AtomicInteger();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long lastEstablishedAt;

    CallLoad(B2buaLab lab) {
        this.lab = lab;
    }

    /** Forgets the previous step's figures (calls still alive stay counted in {@link #live()}). */
    void newStep() {
        setupMs = new ConcurrentLinkedQueue<>();
        failures = new ConcurrentHashMap<>();
        placed.set(0);
        established.set(0);
        ended.set(0);
        failed.set(0);
    }

    /**
     * Places {@code count} calls at {@code perSecond}, each held {@code holdMs} once established
     * (negative: until {@link #hangupAll()}), stopping early when {@code stop} says why.
     *
     * @return why the placing stopped early, or null
     */
    String place(int count, double perSecond, long holdMs, Peak peak) {
        long start = System.nanoTime();
        for (int k = 0; k < count; k++) {
            long due = start + (long) (k * 1e9 / perSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // the pace of the call generator, not a wait for an event
            }
            if (k % Math.max(1, (int) perSecond / 4) == 0) {
                peak.sample();
                String why = stopReason(perSecond);
                if (why != null) {
                    return why + " after " + k + " calls";
                }
            }
            placeOne(holdMs);
        }
        return null;
    }

    private void placeOne(long holdMs) {
        int n = next.getAndIncrement();
        long t0 = System.nanoTime();
        placed.incrementAndGet();
        ConcurrentLinkedQueue<Double> setups = setupMs;
        Map<String, AtomicInteger> failuresNow = failures;
        Call call;
        try {
            call = lab.call(n);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            ended.incrementAndGet();
            failuresNow.computeIfAbsent("exception " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            return;
        }
        call.established().whenComplete((v, e) -> {
            if (e == null) {
                setups.add((System.nanoTime() - t0) / 1e6);
                lastEstablishedAt = System.nanoTime();
                established.incrementAndGet();
                live.put(n, call);
                if (holdMs >= 0) {
                    hangups.schedule(call::hangup, holdMs, TimeUnit.MILLISECONDS);
                }
            }
        });
        call.ended().thenAccept(end -> {
            live.remove(n);
            boolean wasUp = call.established().isDone() && !call.established().isCompletedExceptionally();
            if (end.failure() || !wasUp) {
                failed.incrementAndGet();
                failuresNow.computeIfAbsent(status(end.reason()), k -> new AtomicInteger()).incrementAndGet();
            }
            ended.incrementAndGet();
        });
    }

    /** "480 ICE not ready" is counted as 480; a reason without a status (a timer, ICE failure) as itself. */
    static String status(String reason) {
        if (reason != null && reason.matches("^[1-6]\\d\\d\\b.*")) {
            return reason.substring(0, 3);
        }
        return reason == null ? "?" : reason.length() > 40 ? reason.substring(0, 40) : reason;
    }

    /** Why placing more calls at {@code perSecond} makes no sense any more; null: go on. */
    String stopReason(double perSecond) {
        int f = failed.get();
        if (f > MAX_FAILED && f > MAX_FAILED_SHARE * placed.get()) {
            return f + " failed of " + placed.get();
        }
        int waiting = placed.get() - established.get() - f;
        if (waiting > Math.max(MAX_FAILED, perSecond * MAX_BACKLOG_SECONDS)) {
            return waiting + " calls waiting to be set up (over " + MAX_BACKLOG_SECONDS + " s of calls)";
        }
        int threads = SelfVitals.threads();
        if (threads > B2buaLoadBenchmark.MAX_THREADS) {
            return threads + " threads > " + B2buaLoadBenchmark.MAX_THREADS;
        }
        int fds = SelfVitals.fds();
        if (fds > SelfVitals.maxFds() * 9 / 10) {
            return fds + " fds, 90% of the limit " + SelfVitals.maxFds();
        }
        return null;
    }

    /** Waits (sampling every 100 ms) until every placed call is established or ended; false at the deadline. */
    boolean awaitSettled(long deadlineNanos, boolean untilEnded) throws InterruptedException {
        Object monitor = new Object();
        while (System.nanoTime() < deadlineNanos) {
            int done = untilEnded ? ended.get() : established.get() + failed.get();
            if (done >= placed.get()) {
                return true;
            }
            synchronized (monitor) {
                monitor.wait(100); // sampling interval of call counts
            }
        }
        return false;
    }

    /** Alice hangs up every call alive. */
    void hangupAll() {
        live.values().forEach(Call::hangup);
    }

    Map<Integer, Call> live() {
        return live;
    }

    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    ConcurrentLinkedQueue<Double> setupMs() {
        return setupMs;
    }

    /** When the last call of the step was established ({@link System#nanoTime()}). */
    long lastEstablishedAt() {
        return lastEstablishedAt;
    }

    int placed() {
        return placed.get();
    }

    int established() {
        return established.get();
    }

    int ended() {
        return ended.get();
    }

    int failed() {
        return failed.get();
    }

    @Override
    public void close() {
        hangups.shutdownNow();
    }

    /** The highest threads and fds seen while a step ran. */
    static final class Peak {
        private int threads;
        private int fds;

        void sample() {
            threads = Math.max(threads, SelfVitals.threads());
            fds = Math.max(fds, SelfVitals.fds());
        }

        int threads() {
            return threads;
        }

        int fds() {
            return fds;
        }
    }
}

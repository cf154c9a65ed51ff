package org.sipice.ice;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Percentiles;
import org.sipice.testing.SelfVitals;

/**
 * One step of {@link ScaleBenchmark}: open N sessions as N/2 connected pairs, hold them with
 * consent running, close them and watch the process come back to its baseline.
 */
final class ScaleStep {
    /** How far above the baseline still counts as "back": JIT and GC threads come and go. */
    static final int THREADS_SLACK = 4;
    static final int FDS_SLACK = 4;
    static final long HEAP_SLACK = 4L << 20;
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final Duration PAIR_DEADLINE = Duration.ofSeconds(30);
    private static final long SAMPLE_MS = 100;

    /** The process before a step: what "back to baseline" means. */
    record Baseline(int threads, int fds, long heapBytes) {
        static Baseline now() {
            long heap = SelfVitals.liveHeapBytes();
            return new Baseline(SelfVitals.threads(), SelfVitals.fds(), heap);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "threads %d, fds %d, live heap %.1f MB", threads, fds,
                    heapBytes / 1048576.0);
        }
    }

    /** What one step measured; {@code stopped} says why it ended early (null: it did not). */
    record Row(int sessions, Baseline before, int opened, int failed, int threads, int fds, long heapBytes,
            Percentiles regular,
            Percentiles aggressive, double openSeconds, double idleCpuPercent, long consentChecks, int consentLost,
            double closeSeconds, String threadsBack, String fdsBack, String heapBack, String stopped) {
        /** Costs per session, counted from what the process held just before the step. */
        double threadsEach() {
            return (threads - before.threads()) / (double) opened;
        }

        double fdsEach() {
            return (fds - before.fds()) / (double) opened;
        }

        double heapEach() {
            return (heapBytes - before.heapBytes()) / (double) opened;
        }

        static Row skipped(int sessions, String why) {
            return new Row(sessions, null, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, "-", "-", "-", "skipped: " + why);
        }
    }

    private final IceConfig base;
    private final int sessions;
    private final Baseline baseline;
    private final PrintStream out;
    private final List<IceSession> open = new ArrayList<>();
    private final ConcurrentLinkedQueue<Double> regularMs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> aggressiveMs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger consentLost = new AtomicInteger();
    private final IceEventListener listener = event -> {
        if (event instanceof IceEvent.ConsentLost) {
            consentLost.incrementAndGet();
        }
    };

    ScaleStep(IceConfig base, int sessions, Baseline baseline, PrintStream out) {
        this.base = base;
        this.sessions = sessions;
        this.baseline = baseline;
        this.out = out;
    }

    /** Why a step should not even start, from what the previous one cost per session; null: go. */
    static String refusal(int sessions, Baseline baseline, Row previous) {
        if (previous == null || previous.opened() == 0) {
            return null;
        }
        double threadsEach = previous.threadsEach();
        double fdsEach = previous.fdsEach();
        double heapEach = previous.heapEach();
        long threads = Math.round(baseline.threads() + threadsEach * sessions);
        long fds = Math.round(baseline.fds() + fdsEach * sessions);
        long heap = Math.round(baseline.heapBytes() + heapEach * sessions);
        if (threads > ScaleBenchmark.MAX_THREADS) {
            return String.format(Locale.ROOT, "would need ~%d threads (%.2f per session) > %d", threads, threadsEach,
                    ScaleBenchmark.MAX_THREADS);
        }
        if (fds > SelfVitals.maxFds() * 9 / 10) {
            return String.format(Locale.ROOT, "would need ~%d fds (%.2f per session), limit %d", fds, fdsEach,
                    SelfVitals.maxFds());
        }
        if (heap > SelfVitals.maxHeapBytes() * 85 / 100) {
            return String.format(Locale.ROOT, "would need ~%d MB of heap, max %d MB", heap >> 20,
                    SelfVitals.maxHeapBytes() >> 20);
        }
        return null;
    }

    Row run() throws Exception {
        out.printf(Locale.ROOT, "%n--- %d sessions (load average %.2f) ---%n", sessions, SelfVitals.loadAverage());
        Baseline before = Baseline.now();
        out.println("before: " + before);
        long openStart = System.nanoTime();
        String stopped = openAll();
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        int opened = open.size() - failed.get() * 2;
        out.printf(Locale.ROOT, "opened %d sessions in %.1f s (%d pairs failed)%s%n", opened, openSeconds,
                failed.get(), stopped == null ? "" : ", stopped: " + stopped);
        out.println("threads by name: " + SelfVitals.threadGroups(8));

        long consentBefore = consentChecksSent();
        long cpu0 = SelfVitals.cpuNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(ScaleBenchmark.HOLD.toMillis()); // the hold is the measurement window, not a wait for an event
        double idleCpu = 100.0 * (SelfVitals.cpuNanos() - cpu0) / (System.nanoTime() - wall0);
        long consent = consentChecksSent() - consentBefore;
        int threads = SelfVitals.threads();
        int fds = SelfVitals.fds();
        long heap = SelfVitals.liveHeapBytes();
        out.printf(Locale.ROOT, "held %d s: CPU %.1f%% of one core, %d consent checks sent, %d consent lost; "
                + "threads %d, fds %d, live heap %.1f MB (load average %.2f)%n", ScaleBenchmark.HOLD.toSeconds(), idleCpu, consent,
                consentLost.get(), threads, fds, heap / 1048576.0, SelfVitals.loadAverage());

        // Every session closed at once, as a server hanging up many calls would: closeAsync()
        // releases each on its own event loop without the caller waiting for one before the next
        // (close() waits for its own release: 10,000 of them one after another took 1.2 s).
        long closeStart = System.nanoTime();
        CompletableFuture.allOf(open.stream().map(IceSession::closeAsync).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
        // The benchmark lets go of the closed sessions before it measures what they left: a
        // list of them would keep every one reachable and the heap could never come back.
        open.clear();
        String[] back = settle(closeStart);
        out.printf(Locale.ROOT, "closed in %.2f s; back to baseline after close() began: threads %s, fds %s, heap %s%n",
                closeSeconds, back[0], back[1], back[2]);
        return new Row(sessions, before, opened, failed.get(), threads, fds, heap, Percentiles.of(regularMs),
                Percentiles.of(aggressiveMs), openSeconds, idleCpu, consent, consentLost.get(), closeSeconds,
                back[0], back[1], back[2], stopped);
    }

    /** Opens the pairs, {@link ScaleBenchmark#IN_FLIGHT} at a time; returns why it stopped early, or null. */
    private String openAll() throws InterruptedException {
        Semaphore inFlight = new Semaphore(ScaleBenchmark.IN_FLIGHT);
        ExecutorService driver = Executors.newSingleThreadExecutor(r -> new Thread(r, "scale-driver"));
        String stopped = null;
        try {
            for (int pair = 0; pair < sessions / 2; pair++) {
                if (pair % 100 == 0 && (stopped = overLimits()) != null) {
                    break;
                }
                if (!inFlight.tryAcquire(PAIR_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    stopped = "no pair completed for " + PAIR_DEADLINE.toSeconds() + " s";
                    break;
                }
                boolean regular = pair % 2 == 0;
                NominationMode mode = regular ? NominationMode.REGULAR : NominationMode.AGGRESSIVE;
                connect(mode, regular ? regularMs : aggressiveMs, driver).whenComplete((v, e) -> inFlight.release());
            }
            if (!inFlight.tryAcquire(ScaleBenchmark.IN_FLIGHT, PAIR_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    && stopped == null) {
                stopped = "the last pairs did not complete within " + PAIR_DEADLINE.toSeconds() + " s";
            }
        } finally {
            driver.shutdown();
        }
        return stopped;
    }

    /** One pair: both gather, then each gets the other's description; completion is stamped when both are done. */
    private CompletableFuture<Void> connect(NominationMode mode, ConcurrentLinkedQueue<Double> millis,
            ExecutorService driver) {
        IceConfig config = base.toBuilder().nomination(mode).build();
        IceSession offerer = IceSession.create(config, IceRole.CONTROLLING, listener);
        IceSession answerer = IceSession.create(config, IceRole.CONTROLLED, listener);
        open.add(offerer);
        open.add(answerer);
        return offerer.gather().thenCombineAsync(answerer.gather(), (offer, answer) -> {
            long t0 = System.nanoTime();
            answerer.start(IcePeers.remote(offer));
            offerer.start(IcePeers.remote(answer));
            return t0;
        }, driver).thenCompose(t0 -> CompletableFuture.allOf(answerer.completion(), offerer.completion())
                .thenAccept(v -> millis.add((System.nanoTime() - t0) / 1e6)))
                .orTimeout(PAIR_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    failed.incrementAndGet();
                    return null;
                });
    }

    private String overLimits() {
        int threads = SelfVitals.threads();
        if (threads > ScaleBenchmark.MAX_THREADS) {
            return threads + " threads > " + ScaleBenchmark.MAX_THREADS + " after " + open.size() + " sessions";
        }
        int fds = SelfVitals.fds();
        if (fds > SelfVitals.maxFds() * 9 / 10) {
            return fds + " fds, 90% of the limit " + SelfVitals.maxFds() + ", after " + open.size() + " sessions";
        }
        Runtime rt = Runtime.getRuntime();
        if (rt.totalMemory() - rt.freeMemory() > SelfVitals.maxHeapBytes() * 85 / 100
                && SelfVitals.liveHeapBytes() > SelfVitals.maxHeapBytes() * 85 / 100) {
            return "live heap above 85% of the maximum after " + open.size() + " sessions";
        }
        return null;
    }

    private long consentChecksSent() {
        long sum = 0;
        for (IceSession s : open) {
            IceStats stats = s.stats();
            for (int component = 1; component <= 2; component++) {
                sum += stats.selectedPair(component).map(IceCandidatePairStats::consentRequestsSent).orElse(0L);
            }
        }
        return sum;
    }

    /**
     * Samples threads and fds every 100 ms, and the live heap about once a second (a full GC per
     * sample), until all three are within the slack of the baseline or {@link #SETTLE} passed.
     * Each figure is the time since {@code close()} began, or what was left at the deadline.
     */
    private String[] settle(long closeStart) throws InterruptedException {
        long deadline = closeStart + SETTLE.toNanos();
        String threadsBack = null;
        String fdsBack = null;
        String heapBack = null;
        long lastHeapSample = closeStart - 1_000_000_000L;
        Object monitor = new Object();
        while (true) {
            long now = System.nanoTime();
            String since = String.format(Locale.ROOT, "%.1f s", (now - closeStart) / 1e9);
            if (threadsBack == null && SelfVitals.threads() <= baseline.threads() + THREADS_SLACK) {
                threadsBack = since;
            }
            if (fdsBack == null && SelfVitals.fds() <= baseline.fds() + FDS_SLACK) {
                fdsBack = since;
            }
            // a full GC per heap sample: once a second, not every 100 ms
            boolean heapSample = now - lastHeapSample >= 1_000_000_000L || threadsBack != null && fdsBack != null;
            if (heapBack == null && heapSample) {
                lastHeapSample = now;
            }
            if (heapBack == null && heapSample && SelfVitals.liveHeapBytes() <= baseline.heapBytes() + HEAP_SLACK) {
                heapBack = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - closeStart) / 1e9);
            }
            if (threadsBack != null && fdsBack != null && heapBack != null || now > deadline) {
                break;
            }
            synchronized (monitor) {
                monitor.wait(SAMPLE_MS); // sampling interval of process-wide counts
            }
        }
        return new String[] {
            threadsBack != null ? threadsBack : "not in 60 s (" + SelfVitals.threads() + ")",
            fdsBack != null ? fdsBack : "not in 60 s (" + SelfVitals.fds() + ")",
            heapBack != null ? heapBack : String.format(Locale.ROOT, "not in 60 s (%.1f MB)",
                    SelfVitals.liveHeapBytes() / 1048576.0)};
    }

    static void print(List<Row> rows, Baseline baseline, Percentiles regular, Percentiles aggressive,
            PrintStream out) {
        out.printf(Locale.ROOT, "%nScaleBenchmark summary (baseline %s; single pair unloaded: regular %.1f ms, "
                + "aggressive %.1f ms median; load average now %.2f)%n", baseline, regular.median(),
                aggressive.median(), SelfVitals.loadAverage());
        out.printf(Locale.ROOT, "| %-8s | %-6s | %-6s | %-7s | %-7s | %-6s | %-9s | %-15s | %-15s | %-7s | %-8s | %-20s |%n",
                "sessions", "opened", "failed", "threads", "thr/ses", "fds", "KB/ses", "regular med/p95",
                "aggr. med/p95", "idle CPU", "open s", "back: thr / fds / heap");
        for (Row r : rows) {
            if (r.opened() == 0) {
                out.printf(Locale.ROOT, "| %-8d | %s%n", r.sessions(), r.stopped());
                continue;
            }
            out.printf(Locale.ROOT, "| %-8d | %-6d | %-6d | %-7d | %-7.2f | %-6d | %-9.1f | %6.1f / %6.1f | %6.1f / %6.1f "
                    + "| %6.1f%% | %-8.1f | %s / %s / %s |%s%n", r.sessions(), r.opened(), r.failed(), r.threads(),
                    r.threadsEach(), r.fds(), r.heapEach() / 1024.0, r.regular().median(),
                    r.regular().at(95), r.aggressive().median(), r.aggressive().at(95), r.idleCpuPercent(),
                    r.openSeconds(), r.threadsBack(), r.fdsBack(), r.heapBack(),
                    r.stopped() == null ? "" : " stopped: " + r.stopped());
        }
        out.println("(thr/ses, KB/ses: over what the process held just before the step; completion: start() -> "
                + "both ends completed, ms, under the ramp; idle CPU: process CPU time over "
                + "the hold / wall time, % of one core; back: time from the first close() until within "
                + THREADS_SLACK + " threads, " + FDS_SLACK + " fds, " + (HEAP_SLACK >> 20) + " MB of the baseline)");
    }
}

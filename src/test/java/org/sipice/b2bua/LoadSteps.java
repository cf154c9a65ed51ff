package org.sipice.b2bua;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sipice.internal.concurrent.Executors;
import org.sipice.sip.Call;
import org.sipice.testing.Percentiles;
import org.sipice.testing.SelfVitals;

/** The steps of {@link B2buaLoadBenchmark}, each printing what it measured and returning its summary row. */
final class LoadSteps {
    private static final long SETTLE_NANOS = 60_000_000_000L;

    private final B2buaLab lab;
    private final CallLoad load;
    private final PrintStream out;

    LoadSteps(B2buaLab lab, CallLoad load, PrintStream out) {
        this.lab = lab;
        this.load = load;
        this.out = out;
    }

    /** Twenty calls, for the JIT and the thread pools; their figures are not reported. */
    void warmUp() throws InterruptedException {
        load.newStep();
        load.place(20, 10, 200, new CallLoad.Peak());
        load.awaitSettled(System.nanoTime() + SETTLE_NANOS, true);
        awaitNoBridges();
    }

    String vitals() {
        int threads = SelfVitals.threads();
        int fds = SelfVitals.fds();
        return String.format(Locale.ROOT, "threads %d, fds %d, live heap %.1f MB (%s)", threads, fds,
                SelfVitals.liveHeapBytes() / 1048576.0, SelfVitals.threadGroups(6));
    }

    /** Calls at {@code rate} per second for {@code seconds}, each held {@code holdMs}. */
    String rate(int rate, int seconds, long holdMs) throws InterruptedException {
        out.printf(Locale.ROOT, "%n--- %d calls/s for %d s, held %d ms (load average %.2f) ---%n", rate, seconds,
                holdMs, SelfVitals.loadAverage());
        load.newStep();
        CallLoad.Peak peak = new CallLoad.Peak();
        long cpu0 = SelfVitals.cpuNanos();
        long wall0 = System.nanoTime();
        String stopped = load.place(rate * seconds, rate, holdMs, peak);
        long wall = System.nanoTime() - wall0;
        double cpu = 100.0 * (SelfVitals.cpuNanos() - cpu0) / wall;
        peak.sample();
        int bridges = lab.activeBridges();
        long heap = SelfVitals.liveHeapBytes();
        String groups = SelfVitals.threadGroups(8);
        boolean settled = load.awaitSettled(System.nanoTime() + holdMs * 1_000_000 + SETTLE_NANOS, true);
        Percentiles setup = Percentiles.of(load.setupMs());
        // setups per second from the first INVITE to the last call established (late ones included)
        double achieved = load.established() / (Math.max(wall, load.lastEstablishedAt() - wall0) / 1e9);
        out.printf(Locale.ROOT, "placed %d in %.1f s: %d established (%.1f setups/s), %d failed %s; setup median %.0f ms "
                + "p95 %.0f ms; CPU %.0f%% of one core; at most %d threads, %d fds; at the end %d bridges, live heap "
                + "%.1f MB%s%n", load.placed(), wall / 1e9, load.established(), achieved, load.failed(),
                load.failures(), setup.median(), setup.at(95), cpu, peak.threads(), peak.fds(), bridges,
                heap / 1048576.0, (settled ? "" : "; " + (load.placed() - load.ended()) + " calls had not ended "
                        + "a minute after their hold") + (stopped == null ? "" : "; stopped: " + stopped));
        out.println("threads by name: " + groups);
        reportFailures();
        out.printf(Locale.ROOT, "after every call ended: %s (load average %.2f)%n", vitals(), SelfVitals.loadAverage());
        awaitNoBridges();
        return String.format(Locale.ROOT, "| %d/s x %d s | %.1f setups/s | %d failed %s | setup %.0f / %.0f ms | "
                + "CPU %.0f%% | %d threads | %d fds | %.0f MB |%s", rate, seconds, achieved, load.failed(),
                load.failures(), setup.median(), setup.at(95), cpu, peak.threads(), peak.fds(), heap / 1048576.0,
                stopped == null ? "" : " stopped: " + stopped);
    }

    /**
     * {@code k} calls placed at {@code rampRate} per second and held {@code holdSeconds} with consent
     * running; RTP both ways through the relay on {@code mediaCalls} of them for the last
     * {@code mediaSeconds}.
     */
    String concurrent(int k, int rampRate, int holdSeconds, int mediaSeconds, int mediaCalls) throws Exception {
        out.printf(Locale.ROOT, "%n--- %d concurrent calls (ramp %d/s, hold %d s; load average %.2f) ---%n", k,
                rampRate, holdSeconds, SelfVitals.loadAverage());
        int threadsBefore = SelfVitals.threads();
        int fdsBefore = SelfVitals.fds();
        long heapBefore = SelfVitals.liveHeapBytes();
        load.newStep();
        CallLoad.Peak peak = new CallLoad.Peak();
        long ramp0 = System.nanoTime();
        String stopped = load.place(k, rampRate, -1, peak);
        load.awaitSettled(System.nanoTime() + SETTLE_NANOS, false);
        double rampSeconds = (System.nanoTime() - ramp0) / 1e9;
        Percentiles setup = Percentiles.of(load.setupMs());
        int up = load.live().size();
        peak.sample();
        out.printf(Locale.ROOT, "ramp: %d placed in %.1f s, %d up, %d failed %s; setup median %.0f ms p95 %.0f ms%s%n",
                load.placed(), rampSeconds, up, load.failed(), load.failures(), setup.median(), setup.at(95),
                stopped == null ? "" : "; stopped: " + stopped);
        out.println("threads by name: " + SelfVitals.threadGroups(8));
        reportFailures();

        long idleMillis = Math.max(1, holdSeconds - mediaSeconds) * 1000L;
        long cpu0 = SelfVitals.cpuNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(idleMillis); // the idle hold is a measured duration: consent runs on every leg
        double idleCores = (SelfVitals.cpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
        int threads = SelfVitals.threads();
        int fds = SelfVitals.fds();
        peak.sample();

        long withoutIce = load.live().entrySet().stream().filter(e -> !mediaReady(e.getValue())
                || !lab.bobLeg(e.getKey()).map(LoadSteps::mediaReady).orElse(false)).count();
        if (withoutIce > 0) {
            out.println("note: " + withoutIce + " established calls without ICE completed at both ends (left out of "
                    + "the media sample)");
        }
        RelayedSample media = new RelayedSample(sample(mediaCalls));
        long cpu1 = SelfVitals.cpuNanos();
        long wall1 = System.nanoTime();
        media.run(mediaSeconds * 1000L, 2000);
        double mediaCores = (SelfVitals.cpuNanos() - cpu1) / (double) (System.nanoTime() - wall1);
        muxFigures();
        long relayed = media.atBob() + media.atAlice();
        double pps = relayed / (double) mediaSeconds;
        double extraCores = mediaCores - idleCores;
        long heap = SelfVitals.liveHeapBytes();
        int lost = up - load.live().size();
        out.printf(Locale.ROOT, "held: CPU %.0f%% of one core idle (consent only), %d threads, %d fds, live heap "
                + "%.1f MB, %d calls ended during the hold; per bridged call (its caller, B2BUA and callee legs): "
                + "%.1f threads, %.1f fds, %.0f KB of heap%n", 100 * idleCores, threads, fds, heap / 1048576.0, lost,
                (threads - threadsBefore) / (double) Math.max(1, up), (fds - fdsBefore) / (double) Math.max(1, up),
                (heap - heapBefore) / 1024.0 / Math.max(1, up));
        out.printf(Locale.ROOT, "media on %d calls for %d s: Alice->Bob %d sent %d received, Bob->Alice %d sent %d "
                + "received, %d send errors; %.0f packets/s relayed, CPU %.0f%% of one core (%+.0f%% over idle): "
                + "%.0f packets/s per core of the whole JVM's CPU, %s per core of the CPU the media added (senders "
                + "and receivers run in this JVM too)%n", media.calls(), mediaSeconds, media.sentToBob(),
                media.atBob(), media.sentToAlice(), media.atAlice(), media.sendErrors(), pps, 100 * mediaCores,
                100 * extraCores, pps / mediaCores, perAddedCore(pps, extraCores));

        long hang0 = System.nanoTime();
        load.hangupAll();
        boolean ended = load.awaitSettled(System.nanoTime() + SETTLE_NANOS, true);
        double hangSeconds = (System.nanoTime() - hang0) / 1e9;
        String justAfter = String.format(Locale.ROOT, "threads %d, fds %d", SelfVitals.threads(), SelfVitals.fds());
        Object monitor = new Object();
        synchronized (monitor) {
            monitor.wait(8000); // the figure: what the process holds 8 s after the calls ended
        }
        out.printf(Locale.ROOT, "hung up in %.1f s%s; right after: %s; 8 s later: %s; sipice worker pool: at most %d "
                + "of its %d threads so far%n", hangSeconds, ended ? "" : " (" + (load.placed() - load.ended())
                + " calls not ended after 60 s)", justAfter, vitals(), Executors.workerPool().mostThreads(),
                Executors.WORKER_THREADS);
        awaitNoBridges();
        long lostPackets = media.sentToBob() - media.atBob() + media.sentToAlice() - media.atAlice();
        return String.format(Locale.ROOT, "| %d concurrent | %d up | %d failed %s | setup %.0f / %.0f ms | "
                + "idle CPU %.0f%% | %d threads | %d fds | %.0f MB | %d ended in hold | media %d calls: %d/%d delivered "
                + "(%d lost) | %.0f pps, %.0f pps/core (whole JVM), %s pps/added core |%s", k, up, load.failed(),
                load.failures(), setup.median(), setup.at(95), 100 * idleCores, peak.threads(), peak.fds(),
                heap / 1048576.0, lost, media.calls(), relayed, media.sentToBob() + media.sentToAlice(), lostPackets,
                pps, pps / mediaCores, perAddedCore(pps, extraCores), stopped == null ? "" : " stopped: " + stopped);
    }

    /** With the B2BUA's legs on one udp-mux port: what its router holds and dropped. */
    private void muxFigures() {
        if (!B2buaLoadBenchmark.UDP_MUX) {
            return;
        }
        try {
            org.sipice.ice.internal.engine.mux.UdpMux m = org.sipice.ice.internal.engine.mux.UdpMuxes.shared(
                    org.sipice.ice.internal.engine.loop.IceLoop.shared(), B2buaLoadBenchmark.MUX_ADDRESS).join();
            out.println("udp-mux after the media: " + m.sessions() + " sessions, " + m.associations()
                    + " remote addresses bound, " + m.dropped() + " datagrams dropped for no session");
        } catch (RuntimeException e) {
            out.println("udp-mux figures not available: " + e);
        }
    }

    /** The B2BUA's reasons for the bridges it tore down on a failure since the last report, if any. */
    private void reportFailures() {
        Map<String, Integer> reasons = lab.takeFailureReasons();
        if (!reasons.isEmpty()) {
            out.println("B2BUA tore down on a failure: " + reasons);
        }
    }

    /** Packets per second per core the media added over the idle hold; too noisy to say below 5% of a core. */
    private static String perAddedCore(double pps, double extraCores) {
        return extraCores < 0.05 ? "n/a (media added under 5% of a core)" : String.format(Locale.ROOT, "%.0f",
                pps / extraCores);
    }

    /** Up to {@code n} live calls with Bob's leg and ICE completed at both ends, spread over the live ones. */
    private List<Call[]> sample(int n) {
        List<Map.Entry<Integer, Call>> entries = new ArrayList<>(load.live().entrySet());
        entries.sort(Map.Entry.comparingByKey());
        List<Call[]> pairs = new ArrayList<>();
        int stride = Math.max(1, entries.size() / n);
        for (int i = 0; i < entries.size() && pairs.size() < n; i += stride) {
            Map.Entry<Integer, Call> e = entries.get(i);
            lab.bobLeg(e.getKey()).filter(bob -> mediaReady(e.getValue()) && mediaReady(bob))
                    .ifPresent(bob -> pairs.add(new Call[] {e.getValue(), bob}));
        }
        return pairs;
    }

    /** ICE completed on this end (an established call whose ICE failed has no media to sample). */
    private static boolean mediaReady(Call call) {
        return call.iceReady().isDone() && !call.iceReady().isCompletedExceptionally();
    }

    /** Waits, sampling, for the B2BUA to have forgotten every bridge (at most a minute). */
    private void awaitNoBridges() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        Object monitor = new Object();
        while (lab.activeBridges() > 0 && System.nanoTime() < deadline) {
            synchronized (monitor) {
                monitor.wait(100); // sampling interval of the bridge count
            }
        }
        if (lab.activeBridges() > 0) {
            out.println("note: " + lab.activeBridges() + " bridges still active a minute after the calls ended");
        }
    }
}

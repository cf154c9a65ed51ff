package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Percentiles;
import org.sipice.testing.SelfVitals;

/**
 * How many ICE sessions one JVM carries (issue 12, "Figures it must reach"): N sessions (N/2
 * pairs, controlling and controlled) on 127.0.0.1, host candidates only, gathered, started and
 * completed, {@link #IN_FLIGHT} pairs at a time, half with regular nomination and half with
 * aggressive; then held open with consent running for {@link #HOLD}, then closed. Prints per N:
 * threads, fds and live heap per session, completion time (from {@code start()} to both ends'
 * {@code completion()}), the CPU the process used while idle, and how long after {@code close()}
 * threads, fds and heap took to come back to the baseline.
 *
 * <p>Only the public API ({@link IceSession}), so it measures whichever engine is behind it. A
 * step the JVM cannot carry (projected from the previous one: more than {@link #MAX_THREADS}
 * threads, 90% of the fd limit or 85% of the heap) is skipped with the reason; one that crosses
 * those limits while opening stops there. Asserts nothing about timings.
 *
 * <p>Not in the default suite (surefire runs {@code *Test} classes only). Run it in a JVM of its own
 * with 2 GB of heap:
 * <pre>
 * mvn -B -o -q test -Dtest=ScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0 -DargLine=-Xmx2g -Dscale.sessions=1000,5000,10000
 * </pre>
 * Other knobs: {@code -Dscale.hold-s=20}, {@code -Dscale.rtcp-mux=true}, {@code -Dscale.in-flight=16},
 * {@code -Dscale.max-threads=20000}. Costs per session are counted from what the process held just
 * before the step: exact when the previous step gave everything back, which the ice4j engine does
 * not do within a minute (run one size per JVM to measure it).
 */
@Tag("benchmark")
class ScaleBenchmark {
    static final List<Integer> SIZES = Arrays.stream(System.getProperty("scale.sessions", "1000,5000,10000")
            .split(",")).map(String::strip).map(Integer::valueOf).toList();
    static final Duration HOLD = Duration.ofSeconds(Long.getLong("scale.hold-s", 20));
    static final boolean RTCP_MUX = Boolean.parseBoolean(System.getProperty("scale.rtcp-mux", "true"));
    /** Pairs being connected at once while a step opens its sessions. */
    static final int IN_FLIGHT = Integer.getInteger("scale.in-flight", 16);
    /**
     * Above this many threads a step stops: pid_max (32,768 here) counts the threads of every
     * process on the machine. The current engine costs about 2 threads per session.
     */
    static final int MAX_THREADS = Integer.getInteger("scale.max-threads", 20_000);
    /** Pairs connected one after the other, per nomination mode, for the unloaded completion time. */
    static final int SINGLE_PAIRS = 30;
    static final int WARM_UP = 5;

    @Test
    void printsTheFigures() throws Exception {
        List<ScaleStep.Row> rows = run(System.out);
        assertFalse(rows.isEmpty(), "at least one step was measured");
    }

    static List<ScaleStep.Row> run(PrintStream out) throws Exception {
        IceConfig base = IceConfig.builder().addHostAddress(InetAddress.getByName("127.0.0.1")).rtcpMux(RTCP_MUX)
                .ta(IceDefaults.TA).build();
        out.printf(Locale.ROOT, "%nScaleBenchmark: sessions %s, rtcp-mux %s, Ta %d ms, hold %d s, %d pairs in flight, "
                + "max heap %d MB, fd limit %d, %d cores, load average %.2f%n", SIZES, RTCP_MUX, base.ta().toMillis(),
                HOLD.toSeconds(), IN_FLIGHT, SelfVitals.maxHeapBytes() >> 20, SelfVitals.maxFds(),
                Runtime.getRuntime().availableProcessors(), SelfVitals.loadAverage());
        Percentiles regular = singlePairs(base.toBuilder().nomination(NominationMode.REGULAR).build());
        Percentiles aggressive = singlePairs(base.toBuilder().nomination(NominationMode.AGGRESSIVE).build());
        out.printf(Locale.ROOT, "one pair at a time (unloaded), start -> both completed: regular median %.1f ms "
                + "p95 %.1f ms; aggressive median %.1f ms p95 %.1f ms (%d pairs each)%n", regular.median(),
                regular.at(95), aggressive.median(), aggressive.at(95), regular.count());

        ScaleStep.Baseline baseline = ScaleStep.Baseline.now();
        out.println("baseline after the warm-up pairs closed: " + baseline);
        List<ScaleStep.Row> rows = new ArrayList<>();
        ScaleStep.Row previous = null;
        for (int sessions : SIZES) {
            String refusal = ScaleStep.refusal(sessions, baseline, previous);
            if (refusal != null) {
                out.println("step " + sessions + " skipped: " + refusal);
                rows.add(ScaleStep.Row.skipped(sessions, refusal));
                continue;
            }
            ScaleStep.Row row = new ScaleStep(base, sessions, baseline, out).run();
            rows.add(row);
            previous = row.stopped() == null ? row : null;
            if (previous == null) {
                break;
            }
        }
        ScaleStep.print(rows, baseline, regular, aggressive, out);
        return rows;
    }

    /** Completion of {@link #SINGLE_PAIRS} pairs connected one after the other (first {@link #WARM_UP} not counted). */
    private static Percentiles singlePairs(IceConfig config) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + SINGLE_PAIRS; i++) {
            IceSession offerer = IceSession.create(config, IceRole.CONTROLLING, IceEventListener.NONE);
            IceSession answerer = IceSession.create(config, IceRole.CONTROLLED, IceEventListener.NONE);
            try {
                LocalIce offer = offerer.gather().get(10, TimeUnit.SECONDS);
                LocalIce answer = answerer.gather().get(10, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                answerer.start(IcePeers.remote(offer));
                offerer.start(IcePeers.remote(answer));
                // stamped on the thread that completes the later of the two
                long t1 = CompletableFuture.allOf(answerer.completion(), offerer.completion())
                        .thenApply(v -> System.nanoTime()).get(10, TimeUnit.SECONDS);
                if (i >= WARM_UP) {
                    millis.add((t1 - t0) / 1e6);
                }
            } finally {
                offerer.close();
                answerer.close();
            }
        }
        return Percentiles.of(millis);
    }
}

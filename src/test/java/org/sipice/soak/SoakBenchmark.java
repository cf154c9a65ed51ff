package org.sipice.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Eventually;
import org.sipice.testing.JvmVitals;

/**
 * The soak of {@link SoakTest}, round after round, for as long as asked: one {@code sipice
 * answer} process takes thousands of calls (each round 300 complete calls and ten abandoned at
 * each {@link SoakRun.Stage}). Prints its threads, fds and heap after a full GC every 50 calls
 * and a summary line per round; fails on the bounds of {@link SoakTest}, measured against the
 * figures after the first ten calls.
 *
 * <p>Not in the default suite: {@code mvn -q test -Dtest=SoakBenchmark -Dsipice.soak.minutes=120}
 * (default 30 minutes).
 */
@Tag("benchmark")
class SoakBenchmark {
    static final int MINUTES = Integer.getInteger("sipice.soak.minutes", 30);

    @Test
    void theAnswerProcessStaysFlatOverThousandsOfCalls() throws Exception {
        long start = System.nanoTime();
        long end = start + Duration.ofMinutes(MINUTES).toNanos();
        try (SoakRun run = SoakRun.start(SoakTest.PARALLEL)) {
            run.completeCalls(SoakTest.WARM_UP);
            JvmVitals.Sample baseline = run.sample(SoakTest.WARM_UP);
            int round = 0;
            while (System.nanoTime() < end) {
                round++;
                List<JvmVitals.Sample> samples = run.round(SoakTest.COMPLETE, SoakTest.PER_STAGE, SoakTest.CHECKPOINT);
                double minutes = (System.nanoTime() - start) / 60e9;
                run.say(String.format("soak: round %d done, %d calls in %.1f min (%.0f calls/min), last %s", round,
                        run.expectedResults(), minutes, run.expectedResults() / minutes,
                        samples.get(samples.size() - 1)));
            }
            Eventually.atMost(() -> JvmVitals.of(run.pid()).fds(), baseline.fds() + SoakTest.FDS_BOUND,
                    SoakTest.SETTLE, () -> "open fds after every call ended (baseline " + baseline.fds() + ")");
            Eventually.atMost(() -> JvmVitals.of(run.pid()).threads(), baseline.threads() + SoakTest.THREADS_BOUND,
                    SoakTest.POOL_IDLE, () -> "threads after every call ended (baseline " + baseline.threads() + ")");
            // JAIN-SIP keeps each completed non-INVITE transaction for Timer J (64*T1 = 32 s, RFC 3261
            // §17.2.2): the last calls' BYE and CANCEL transactions must expire first.
            Eventually.atMost(() -> JvmVitals.of(run.pid()).liveHeapKb(), (int) (baseline.heapKb() + SoakTest.HEAP_BOUND_KB),
                    SoakTest.HEAP_SETTLE, () -> "live heap (KB) after every call ended (baseline " + baseline.heapKb() + ")");
            JvmVitals.Sample last = run.sample(run.expectedResults());
            run.say("soak: baseline " + baseline + " -> end " + last);

            Map<String, Integer> outcomes = run.outcomes();
            run.say("soak: outcomes " + outcomes);
            assertEquals(List.of(), run.errors(), "what the callers saw");
            assertEquals(run.expectedResults(), run.results().size(), "one RESULT per call");
            assertEquals(SoakTest.WARM_UP + round * SoakTest.COMPLETE, outcomes.getOrDefault("ok", 0),
                    "complete calls ok");
            assertTrue(last.threads() <= baseline.threads() + SoakTest.THREADS_BOUND, baseline + " -> " + last);
            assertTrue(last.heapKb() <= baseline.heapKb() + SoakTest.HEAP_BOUND_KB, baseline + " -> " + last);
        }
    }
}

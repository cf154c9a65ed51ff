package org.sipice.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.Eventually;
import org.sipice.testing.JvmVitals;

/**
 * One {@code sipice answer} process takes 300 complete calls and 60 abandoned ones (ten at each
 * {@link SoakRun.Stage}: callers killed after the early answer and after media, an INVITE from
 * a vanished socket, CANCEL before the answer, no ACK after 200, no PRACK) in about four
 * minutes. Every call ends with a RESULT line (complete calls ok, abandoned ones failed with a
 * named reason, none hangs), and once they have all ended the process holds what it held after
 * its first ten calls, within the bounds below.
 *
 * <p>The bounds: the baseline is taken after ten calls, so thread pools and class loading have
 * settled. Each call holds at least two sockets (RTP and RTCP, rtcp-mux off in the softphone
 * profile) and one ice4j agent of about half a megabyte while it lives; a leak of one in ten
 * calls would leave about 70 descriptors and 18 MB. The bounds allow a few pool threads and
 * sockets that live past a call by design (JAIN-SIP's timers, ice4j's shared pools) and the
 * heap's noise after a full GC, and nothing per call.
 */
@Timeout(420)
class SoakTest {
    static final int WARM_UP = 10;
    static final int COMPLETE = 290;
    static final int PER_STAGE = 10;
    static final int CHECKPOINT = 50;
    static final int PARALLEL = 4;
    static final int THREADS_BOUND = 8;
    static final int FDS_BOUND = 8;
    static final long HEAP_BOUND_KB = 12 * 1024;
    /** Long enough for the slowest abandoned call's leftovers: consent (30 s) and Timer H (32 s) have run. */
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** Timer J (32 s) of the last calls' transactions, and some. */
    static final Duration HEAP_SETTLE = Duration.ofSeconds(45);
    /** {@code Executors.newCachedThreadPool}'s keep-alive (60 s), and some. */
    static final Duration POOL_IDLE = Duration.ofSeconds(75);

    /**
     * How the callee ends each stage's calls, by a fragment of the RESULT reason: CANCEL before
     * the answer ends it at once (487); a caller killed after media loses consent (RFC 7675) and
     * our BYE is never answered (RFC 3261 §17.1.2.2 Timer F); a reliable 183 never PRACKed is
     * rejected with a 5xx after 64*T1 (RFC 3262 §3); a caller that vanished after the INVITE, or
     * never ACKs, leaves our 200 unacknowledged (RFC 3261 §13.3.1.4). A caller killed after the
     * early answer ends one way or the other, as the kill came before or after its PRACK.
     */
    private static void assertEndings(Map<String, Integer> reasons) {
        Map<String, Integer> endings = new TreeMap<>();
        reasons.forEach((reason, n) -> endings.merge(List.of("CANCEL", "BYE", "reliable_183", "no_ACK").stream()
                .filter(reason::contains).findFirst().orElse(reason), n, Integer::sum));
        String what = "how the abandoned calls ended: " + reasons;
        assertEquals(PER_STAGE, endings.getOrDefault("CANCEL", 0), what);
        assertEquals(PER_STAGE, endings.getOrDefault("BYE", 0), what);
        int noPrack = endings.getOrDefault("reliable_183", 0);
        int noAck = endings.getOrDefault("no_ACK", 0);
        assertEquals(4 * PER_STAGE, noPrack + noAck, what);
        assertTrue(noPrack >= PER_STAGE && noAck >= 2 * PER_STAGE, what);
        assertEquals(Set.of("CANCEL", "BYE", "reliable_183", "no_ACK"), endings.keySet(), what);
    }

    @Test
    void threeHundredCallsAndSixtyAbandonedLeaveTheAnswerProcessAsItWas() throws Exception {
        try (SoakRun run = SoakRun.start(PARALLEL)) {
            run.completeCalls(WARM_UP);
            JvmVitals.Sample baseline = run.sample(WARM_UP);
            run.round(COMPLETE, PER_STAGE, CHECKPOINT);

            // Sockets are counted without a GC first: an ended call must close its own.
            Eventually.atMost(() -> JvmVitals.of(run.pid()).fds(), baseline.fds() + FDS_BOUND, SETTLE,
                    () -> "open fds of the answer process after every call ended (baseline " + baseline.fds() + ")");
            // ice4j runs agent tasks on a cached pool: its idle threads end 60 s after the peak.
            Eventually.atMost(() -> JvmVitals.of(run.pid()).threads(), baseline.threads() + THREADS_BOUND, POOL_IDLE,
                    () -> "threads of the answer process after every call ended (baseline " + baseline.threads() + ")");
            // JAIN-SIP keeps each completed non-INVITE transaction for Timer J (64*T1 = 32 s, RFC 3261
            // §17.2.2): the last calls' BYE and CANCEL transactions must expire first.
            Eventually.atMost(() -> JvmVitals.of(run.pid()).liveHeapKb(), (int) (baseline.heapKb() + HEAP_BOUND_KB),
                    HEAP_SETTLE, () -> "live heap (KB) after every call ended (baseline " + baseline.heapKb() + ")");
            JvmVitals.Sample end = run.sample(run.expectedResults());

            List<Map<String, String>> results = run.results();
            Map<String, Integer> reasons = new TreeMap<>();
            int ok = 0;
            for (Map<String, String> r : results) {
                if ("ok".equals(r.get("status"))) {
                    ok++;
                    assertEquals("peer", r.get("hangup"), r.toString());
                    assertTrue(Integer.parseInt(r.get("media_received")) > 0, r.toString());
                } else {
                    String reason = r.get("reason");
                    assertTrue(reason != null && reason.matches("\\S+") && !reason.equals("-")
                            && !reason.matches(".*\\p{Cntrl}.*"),
                            "an abandoned call ends with a named reason: " + r);
                    reasons.merge(reason, 1, Integer::sum);
                }
            }
            run.say("soak: failure reasons of the abandoned calls: " + reasons);
            assertEndings(reasons);
            assertEquals(List.of(), run.errors(), "what the callers saw");
            assertEquals(WARM_UP + COMPLETE, ok, "complete calls ok; reasons of the others: " + reasons);
            assertEquals(run.expectedResults(), results.size(), "one RESULT per call, none hangs");
            assertTrue(end.threads() <= baseline.threads() + THREADS_BOUND, "threads " + baseline + " -> " + end);
            assertTrue(end.heapKb() <= baseline.heapKb() + HEAP_BOUND_KB, "heap " + baseline + " -> " + end);
            assertTrue(run.answerAlive(), "the answer process is still up");
        }
    }
}

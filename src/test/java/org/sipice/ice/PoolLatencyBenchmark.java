package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.sdp.CandidateType;
import org.sipice.stun.EmbeddedStunServer;

/**
 * Answer latency with and without the candidate pool: the time from "an INVITE arrives" (take or
 * create a session, gather) to "the local description is ready" (what goes into the answer), on
 * loopback, with no STUN server and with one that answers after 50 ms like a server across the
 * Internet. Prints a table; the test asserts only that every answer is complete, never a timing.
 *
 * <p>Not part of the default suite (surefire only picks up {@code *Test} classes): run it with
 * {@code mvn -q test -Dtest=PoolLatencyBenchmark} (about 10 s), or its {@link #main} from the test
 * class path with an optional run count.
 */
@Tag("benchmark")
class PoolLatencyBenchmark {
    static final int RUNS = 30;
    static final int WARM_UP = 3;
    static final Duration STUN_DELAY = Duration.ofMillis(50);
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    /** One measured scenario: its name and the latencies in milliseconds. */
    record Result(String scenario, List<Double> millis, long poolHits) {
        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    @Test
    void answersAreCompleteWithAndWithoutThePool() throws Exception {
        List<Result> results = run(RUNS, System.out);
        for (Result r : results) {
            assertEquals(RUNS, r.millis().size(), r.scenario());
        }
        // Warm and waiting for the refill between INVITEs, every take is a hit.
        assertEquals(RUNS, results.get(1).poolHits());
        assertEquals(RUNS, results.get(3).poolHits());
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : RUNS, System.out);
    }

    static List<Result> run(int runs, PrintStream out) throws Exception {
        IceConfig hostOnly = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).build();
        List<Result> results = new ArrayList<>();
        results.add(withoutPool("no STUN, no pool", hostOnly, runs, false));
        results.add(withPool("no STUN, pool (warm)", hostOnly, runs, false, true));
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")), STUN_DELAY)) {
            IceConfig withStun = hostOnly.toBuilder().addStunServer(new StunServer(stun.address())).build();
            String stunName = "STUN " + STUN_DELAY.toMillis() + " ms";
            results.add(withoutPool(stunName + ", no pool", withStun, runs, true));
            results.add(withPool(stunName + ", pool (warm)", withStun, runs, true, true));
            results.add(withPool(stunName + ", pool of 2, back-to-back INVITEs", withStun, runs, true, false));
        }
        print(results, out);
        return results;
    }

    private static Result withoutPool(String name, IceConfig config, int runs, boolean stun) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + runs; i++) {
            long t0 = System.nanoTime();
            IceSession session = IceSession.create(config, IceRole.CONTROLLED, IceEventListener.NONE);
            LocalIce local = await(session.gather(), DEADLINE);
            long t1 = System.nanoTime();
            session.close();
            check(local, stun);
            if (i >= WARM_UP) {
                millis.add((t1 - t0) / 1e6);
            }
        }
        return new Result(name, millis, 0);
    }

    /**
     * @param waitForRefill true: INVITEs arrive further apart than a refill takes (the pool is
     *     warm at each one); false: one right after the other, with a pool of two
     */
    private static Result withPool(String name, IceConfig config, int runs, boolean stun, boolean waitForRefill)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        long takenInWarmUp = 0;
        try (IceSessionPool pool = IceSessionPool.create(config, waitForRefill ? 1 : 2)) {
            for (int i = 0; i < WARM_UP + runs; i++) {
                if (waitForRefill || i == 0) {
                    assertTrue(pool.awaitReady(pool.size(), DEADLINE), "pool warm: " + pool.stats());
                }
                if (i == WARM_UP) {
                    takenInWarmUp = pool.stats().taken();
                }
                long t0 = System.nanoTime();
                IceSession session = pool.take(IceRole.CONTROLLED, IceEventListener.NONE);
                LocalIce local = await(session.gather(), DEADLINE);
                long t1 = System.nanoTime();
                session.close();
                check(local, stun);
                if (i >= WARM_UP) {
                    millis.add((t1 - t0) / 1e6);
                }
            }
            return new Result(name, millis, pool.stats().taken() - takenInWarmUp);
        }
    }

    /** Every answer has its host candidates and, with STUN, its server-reflexive ones. */
    private static void check(LocalIce local, boolean stun) {
        assertEquals(2, local.candidates().stream().filter(c -> c.type() == CandidateType.HOST).count());
        assertEquals(stun ? 2 : 0, local.candidates().stream().filter(c -> c.type() == CandidateType.SRFLX).count(),
                local.candidates().toString());
    }

    private static void print(List<Result> results, PrintStream out) {
        out.println();
        out.println("Answer latency: INVITE arrives -> local description ready (ms, " + results.get(0).millis().size()
                + " runs each, loopback)");
        out.printf(Locale.ROOT, "%-48s %8s %8s %8s %10s%n", "scenario", "median", "p90", "max", "pool hits");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-48s %8.2f %8.2f %8.2f %10s%n", r.scenario(), r.percentile(50), r.percentile(90),
                    r.percentile(100), r.scenario().contains("pool (") || r.scenario().contains("pool of")
                            ? Long.toString(r.poolHits()) : "-");
        }
        out.println();
    }
}

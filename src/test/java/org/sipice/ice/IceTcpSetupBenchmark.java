package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.testing.Await.await;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Percentiles;

/**
 * Check time over ICE-TCP against UDP on loopback: from both {@code start(remote)} calls to both
 * sessions completed (checks, nomination), with each side seeing the other's UDP candidates only,
 * TCP candidates only (the active side connects on its first check, RFC 6544 §7.1), or both
 * (UDP selected). Prints a table; asserts only that each call selected the transport it should.
 *
 * <p>Not part of the default suite: {@code mvn -q test -Dtest=IceTcpSetupBenchmark}.
 */
@Tag("benchmark")
class IceTcpSetupBenchmark {
    static final int RUNS = 30;
    static final int WARM_UP = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private record Scenario(String name, Function<LocalIce, RemoteIce> seen, String selected) {
    }

    private static RemoteIce only(LocalIce local, boolean tcp) {
        RemoteIce all = IcePeers.remote(local);
        return new RemoteIce(all.credentials(), local.candidates().stream().filter(c -> c.isTcp() == tcp).toList(),
                all.iceLite(), all.icePacing(), all.iceOptions());
    }

    @Test
    void tcpUdpAndBothSelectTheirTransport() throws Exception {
        run(RUNS, System.out);
    }

    static void run(int runs, PrintStream out) throws Exception {
        List<Scenario> scenarios = List.of(new Scenario("UDP only", l -> only(l, false), "udp"),
                new Scenario("TCP only", l -> only(l, true), "tcp"),
                new Scenario("UDP and TCP", IcePeers::remote, "udp"));
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).iceTcp(true).build();
        out.printf(Locale.ROOT, "%-12s %5s %9s %9s %9s%n", "candidates", "runs", "median", "p90", "max");
        for (Scenario s : scenarios) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs + WARM_UP; i++) {
                try (IceSession alice = IceSession.create(config, IceRole.CONTROLLING, e -> { });
                        IceSession bob = IceSession.create(config, IceRole.CONTROLLED, e -> { })) {
                    LocalIce offer = await(alice.gather(), DEADLINE);
                    LocalIce answer = await(bob.gather(), DEADLINE);
                    long t0 = System.nanoTime();
                    bob.start(s.seen().apply(offer));
                    alice.start(s.seen().apply(answer));
                    await(bob.completion(), DEADLINE);
                    await(alice.completion(), DEADLINE);
                    long took = System.nanoTime() - t0;
                    for (int c = 1; c <= 2; c++) {
                        assertEquals(s.selected(), alice.selectedPair(c).orElseThrow().local().transport()
                                .toLowerCase(Locale.ROOT), s.name());
                    }
                    if (i >= WARM_UP) {
                        millis.add(took / 1e6);
                    }
                }
            }
            Percentiles p = Percentiles.of(millis);
            out.printf(Locale.ROOT, "%-12s %5d %8.1fms %8.1fms %8.1fms%n", s.name(), p.count(), p.median(), p.at(90),
                    p.at(100));
        }
    }
}

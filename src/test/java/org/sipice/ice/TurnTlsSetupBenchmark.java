package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.internal.tls.CertificateAuthority;
import org.sipice.testing.Coturn;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Percentiles;

/**
 * Setup time of a session pair both relayed through one coturn on loopback, over UDP, TCP and TLS
 * (RFC 8656 §3.1): from creating both sessions to both having their selected pairs (gathering:
 * connect, TLS handshake, Allocate with its 401 challenge; then the checks through the relays).
 * Prints the JVM's first pair (over UDP), then its first over TLS (the JDK's TLS code loading), and the median and 90th percentile of {@value #RUNS} warm
 * pairs each; asserts only that every pair was relayed over the transport asked for.
 *
 * <p>Not part of the default suite: {@code mvn -o -q test -Dtest=TurnTlsSetupBenchmark} (about 15 s).
 */
@Tag("benchmark")
class TurnTlsSetupBenchmark {
    static final int RUNS = 10;
    static final int WARM_UP = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void sessionPairsRelayedOverUdpTcpAndTls() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("benchmark CA", Duration.ofDays(1));
        Path caFile = Files.createTempFile("sipice-bench-ca", ".pem");
        ca.writeCertificatePem(caFile);
        try (Coturn coturn = Coturn.settings().tcp()
                .tls(ca.issue(List.of("127.0.0.1"), Duration.ofDays(1))).start()) {
            TurnServer tls = coturn.tlsTurnServer(caFile);
            // The JVM's first relayed pair (over UDP: the engine's own start-up), then its first over TLS.
            double coldUdp = setupMillis(coturn.turnServer(), "udp", IceDefaults.GATHERING_TIMEOUT);
            // With the default 800 ms gathering deadline: the TLS warm-up is done when the session is
            // made, before gathering starts (TlsWarmup), so the relay still makes the deadline.
            double cold = setupMillis(tls, "tls", IceDefaults.GATHERING_TIMEOUT);
            List<String> rows = new ArrayList<>();
            for (TurnServer server : List.of(coturn.turnServer(), coturn.tcpTurnServer(), tls)) {
                String protocol = server.transport().name().toLowerCase(Locale.ROOT);
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < WARM_UP + RUNS; i++) {
                    double ms = setupMillis(server, protocol, Duration.ofSeconds(5));
                    if (i >= WARM_UP) {
                        millis.add(ms);
                    }
                }
                Percentiles p = Percentiles.of(millis);
                rows.add(String.format(Locale.ROOT, "%-4s %8.1f %8.1f", protocol, p.median(), p.at(90)));
            }
            System.out.println("relay-only session pair on loopback, coturn " + coturn.address() + ", " + RUNS
                    + " runs each (after " + WARM_UP + " warm-up)");
            System.out.printf(Locale.ROOT, "first pair of the JVM (over UDP): %.1f ms; then the first over TLS: %.1f ms%n",
                    coldUdp, cold);
            System.out.println("over  median ms   p90 ms");
            rows.forEach(System.out::println);
        } finally {
            Files.deleteIfExists(caFile);
        }
    }

    /** Creates Alice and Bob relay-only through {@code server}, connects them, checks, closes. */
    private static double setupMillis(TurnServer server, String relayProtocol, Duration gatheringTimeout)
            throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).addTurnServer(server)
                .relayOnly(true).gatheringTimeout(gatheringTimeout).build();
        long t0 = System.nanoTime();
        try (IceSession alice = IceSession.create(config, IceRole.CONTROLLING, IceEventListener.NONE);
                IceSession bob = IceSession.create(config, IceRole.CONTROLLED, IceEventListener.NONE)) {
            IcePeers.connect(alice, bob, DEADLINE);
            double ms = (System.nanoTime() - t0) / 1e6;
            assertEquals("relay/udp-relay/udp", alice.selectedPair(1).orElseThrow().typeSummary());
            assertEquals(relayProtocol, alice.stats().localCandidates().get(0).relayProtocol());
            return ms;
        }
    }
}

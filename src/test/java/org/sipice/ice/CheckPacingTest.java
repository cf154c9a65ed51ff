package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.testing.WireTap;

/**
 * Check pacing: both agents use the larger of the two Ta values, ours from the configuration and
 * the peer's from its {@code a=ice-pacing} (RFC 8839 §4.3.2, RFC 8445 §14.2). Alice checks a
 * silent peer with six candidates, so every check is a new transaction paced by Ta; the test reads
 * on the wire when each one first left.
 */
class CheckPacingTest {
    private static final int PAIRS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "our Ta {0} ms, peer's ice-pacing {1} ms: checks {2} ms apart")
    @CsvSource({
        "5, 40, 40",  // the peer is slower: we slow down to its pace
        "40, 5, 40",  // we are slower: the peer's faster pace does not speed us up
        "5, 5, 5",    // control: fast both ways really is fast, so the test can tell
    })
    void checksArePacedByTheLargerTa(int ourTaMs, int peerPacingMs, int expectedTaMs) throws Exception {
        List<DatagramSocket> silentPeer = new ArrayList<>();
        WireTap wire = WireTap.recording();
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).rtcpMux(true).ta(Duration.ofMillis(ourTaMs))
                .checksTimeout(Duration.ofSeconds(30)).build();
        IceSession alice = wire.session(config, IceRole.CONTROLLING, null);
        try {
            await(alice.gather(), DEADLINE);
            List<IceCandidate> candidates = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                silentPeer.add(s);
                // Distinct foundations: no pair waits frozen behind another (RFC 8445 §6.1.2.6).
                candidates.add(new IceCandidate("f" + i, 1, "UDP", 2130706431L - i, LOOPBACK.getHostAddress(),
                        s.getLocalPort(), CandidateType.HOST, null, null, null, List.of()));
            }
            alice.start(new RemoteIce(new IceCredentials("peer", "silentpeerpassword0123"), candidates, false,
                    OptionalInt.of(peerPacingMs), List.of("ice2")));

            List<WireTap.Sent> sent = wire.await(s -> firstSends(s).size() >= PAIRS, DEADLINE, PAIRS + " checks");

            List<Long> first = firstSends(sent);
            List<Double> gapsMs = new ArrayList<>();
            for (int i = 1; i < first.size(); i++) {
                gapsMs.add((first.get(i) - first.get(i - 1)) / 1e6);
            }
            double min = gapsMs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double median = gapsMs.stream().sorted().collect(Collectors.toList()).get(gapsMs.size() / 2);
            System.out.printf("PACING ours=%d peer=%d gaps_ms=%s%n", ourTaMs, peerPacingMs, gapsMs.stream()
                    .map(g -> String.format("%.1f", g)).collect(Collectors.toList()));
            // Timers fire late under load, never early: a floor proves the slow pace; a loose
            // ceiling on the median proves the fast one.
            assertTrue(min >= expectedTaMs * 0.8, "checks " + gapsMs + " ms apart, expected Ta " + expectedTaMs);
            if (expectedTaMs < 20) {
                assertTrue(median < 20, "checks " + gapsMs + " ms apart, expected Ta " + expectedTaMs);
            }
        } finally {
            alice.close();
            silentPeer.forEach(DatagramSocket::close);
        }
    }

    /** When each check transaction first left, in order (retransmissions reuse the transaction id). */
    private static List<Long> firstSends(List<WireTap.Sent> sent) {
        Map<String, Long> first = new TreeMap<>();
        for (WireTap.Sent s : sent) {
            if (s.stun().isBindingRequest()) {
                first.merge(s.stun().transactionId(), s.nanos(), Math::min);
            }
        }
        return first.values().stream().sorted().collect(Collectors.toList());
    }
}

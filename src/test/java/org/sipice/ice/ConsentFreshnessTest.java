package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ConsentLost;
import org.sipice.testing.Closer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.SessionPair;
import org.sipice.testing.StunTraffic;
import org.sipice.testing.StunTraffic.Message;

/**
 * Consent freshness (RFC 7675) between two of our sessions on loopback, with short timers:
 * checks every 200 ms (0.8-1.2 randomised), each sent once and answered with an authenticated
 * response; a silent peer costs consent after the configured timeout, and sending stops.
 */
class ConsentFreshnessTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** A timer never fires early; received-time stamps can be a few ms apart from sent-time ones. */
    private static final long CLOCK_SLACK_MS = 30; // capture timestamps on a loaded 2-core machine

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;
    @RegisterExtension
    final Closer closer = new Closer();
    private StunTraffic traffic;

    /** The transaction id of a STUN message (RFC 8489 §5), or null for anything else. */
    private static String stunTransactionId(DatagramPacket p) {
        byte[] d = p.getData();
        int o = p.getOffset();
        boolean stun = p.getLength() >= 20 && (d[o] & 0xC0) == 0 && (d[o + 4] & 0xff) == 0x21
                && (d[o + 5] & 0xff) == 0x12 && (d[o + 6] & 0xff) == 0xA4 && (d[o + 7] & 0xff) == 0x42;
        return stun ? java.util.HexFormat.of().formatHex(d, o + 8, o + 20) : null;
    }

    /** Reads every datagram already waiting on {@code socket}, remembering STUN transaction ids. */
    private static int drain(DatagramSocket socket, java.util.Set<String> ids) throws IOException {
        socket.setSoTimeout(1);
        int n = 0;
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                socket.receive(p);
                String id = stunTransactionId(p);
                if (id != null) {
                    ids.add(id);
                }
                n++;
            }
        } catch (SocketTimeoutException e) {
            return n;
        }
    }

    private static IceConfig config() {
        return IceConfig.builder().addHostAddress(LOOPBACK).rtcpMux(true)
                .consentInterval(INTERVAL).consentTimeout(TIMEOUT).keepaliveInterval(INTERVAL).build();
    }

    @Test
    void consentChecksGoOutOnTheSelectedPairAtTheIntervalOnceEachAndKeepTheSessionAlive() throws Exception {
        traffic = closer.add(StunTraffic.install());
        alice = peers.alice(config());
        bob = peers.bob(config());
        peers.connect(DEADLINE);
        long completedAt = System.nanoTime();
        CandidatePairInfo pair = alice.selectedPair(1).orElseThrow();
        // Right after completion ice4j may still retransmit connectivity checks that were in flight
        // (it cannot be told to stop): same transaction ids as before completion, not consent checks.
        java.util.Set<String> connectivityChecks = traffic.matching(m -> m.atNanos() <= completedAt).stream()
                .map(Message::transactionId).collect(java.util.stream.Collectors.toSet());
        Predicate<Message> onPair = m -> m.fromPort() == pair.local().port() && m.toPort() == pair.remote().port()
                && m.atNanos() > completedAt && !connectivityChecks.contains(m.transactionId());

        // 10 checks span about 2 s, longer than the consent timeout: only their answers kept consent.
        // The first request after completion may still be a triggered check ice4j queued before it
        // (a new transaction, seen 21 ms before the first consent check on a loaded machine): the
        // pacing is measured from the second request on.
        List<Message> checks = traffic.await(onPair.and(m -> m.type() == StunTraffic.BINDING_REQUEST), 11,
                DEADLINE, "consent checks from Alice to Bob");

        List<Long> gaps = StunTraffic.gapsMillis(checks.subList(1, 11));
        long min = (long) (INTERVAL.toMillis() * 0.8) - CLOCK_SLACK_MS;
        assertTrue(gaps.stream().allMatch(g -> g >= min), "gaps " + gaps + " never below 0.8 x interval");
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(mean >= INTERVAL.toMillis() * 0.8 && mean <= INTERVAL.toMillis() * 1.5,
                "mean gap " + mean + " ms for an interval of " + INTERVAL.toMillis() + " ms: " + gaps);
        // RFC 7675 §5.1: each request is sent once: as many distinct transactions as datagrams.
        assertEquals(checks.size(), checks.stream().map(Message::transactionId).distinct().count());
        // Bob answers each of them (Alice verifies the answers' MESSAGE-INTEGRITY before counting them).
        traffic.await(m -> m.type() == StunTraffic.BINDING_SUCCESS && m.fromPort() == pair.remote().port()
                && checks.stream().anyMatch(c -> c.transactionId().equals(m.transactionId())), 9, DEADLINE,
                "answers from Bob");

        assertTrue(aliceEvents.ofType(ConsentLost.class).isEmpty(), aliceEvents.names().toString());
        assertEquals(IceState.COMPLETED, alice.state());
        byte[] hello = "still talking".getBytes();
        alice.media().send(1, hello, 0, hello.length);
    }

    @Test
    void aPeerThatGoesSilentCostsConsentAfterTheTimeoutAndSendingStops() throws Exception {
        alice = peers.alice(config());
        bob = peers.bob(config());
        traffic = closer.add(StunTraffic.install());
        peers.connect(DEADLINE);
        long completedAt = System.nanoTime();
        CandidatePairInfo pair = alice.selectedPair(1).orElseThrow();
        // The call runs for a while: Bob has answered two of Alice's consent checks.
        traffic.await(m -> m.type() == StunTraffic.BINDING_SUCCESS && m.fromPort() == pair.remote().port()
                && m.atNanos() > completedAt, 2, DEADLINE, "answers to consent checks");

        long silentAt = System.nanoTime();
        bob.close(); // Bob is gone: Alice's consent checks go unanswered.
        try (DatagramSocket bobsPort = new DatagramSocket(new InetSocketAddress(LOOPBACK, pair.remote().port()))) {
            ConsentLost lost = aliceEvents.await(ConsentLost.class, TIMEOUT.plus(DEADLINE));
            long afterMs = (System.nanoTime() - silentAt) / 1_000_000;
            aliceEvents.await(IceEvent.Failed.class, DEADLINE);

            assertEquals(pair, lost.pair());
            assertTrue(lost.sinceLastResponse().compareTo(TIMEOUT) >= 0, "expired after " + lost.sinceLastResponse());
            // The last answer came at most one (randomised) interval before Bob went silent.
            long earliest = TIMEOUT.toMillis() - (long) (INTERVAL.toMillis() * 1.2) - CLOCK_SLACK_MS;
            long latest = TIMEOUT.toMillis() + 1000;
            assertTrue(afterMs >= earliest && afterMs <= latest,
                    "consent lost " + afterMs + " ms after Bob went silent, expected " + earliest + ".." + latest);
            List<String> names = aliceEvents.names();
            assertEquals(List.of("ConsentLost", "Failed"), names.subList(names.size() - 2, names.size()));
            assertEquals(IceState.FAILED, alice.state());

            // Whatever reached Bob's old port so far were unanswered consent checks; from now on
            // nothing leaves Alice toward Bob: no consent check, no keepalive (Tr is 200 ms here).
            java.util.Set<String> seen = new java.util.HashSet<>();
            assertTrue(drain(bobsPort, seen) >= 3, "Alice kept checking consent while Bob was silent");
            // For 5 intervals nothing new may arrive. The only tolerated datagrams are
            // retransmissions of STUN transactions already seen (ice4j cannot be told to stop
            // retransmitting a request in flight); a new transaction or any media fails the test.
            long until = System.nanoTime() + 5 * INTERVAL.toNanos();
            while (System.nanoTime() < until) {
                bobsPort.setSoTimeout((int) Math.max(1, (until - System.nanoTime()) / 1_000_000));
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                try {
                    bobsPort.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String id = stunTransactionId(p);
                assertTrue(id != null && seen.contains(id), "a new datagram after consent expired");
            }
        }

        byte[] hello = "anyone there?".getBytes();
        IOException refused = assertThrows(IOException.class, () -> alice.media().send(1, hello, 0, hello.length));
        assertEquals("consent expired (RFC 7675)", refused.getMessage());
    }
}

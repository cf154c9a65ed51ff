package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;

/**
 * The figures of {@link IceSession#stats()} are real: after two sessions on loopback complete and
 * exchange media, each side's selected pair shows nominated, its checks and their answers, a
 * measured round trip and exactly the datagrams sent and received; every pair names candidates
 * the snapshot lists; the figures survive close().
 */
class IceStatsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PACKETS = 10;
    private static final int SIZE = 172; // a 20 ms PCMU RTP packet

    private IceSession alice;
    private IceSession bob;
    private EmbeddedStunServer stun;

    @AfterEach
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, stun}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing is idempotent and quiet
            }
        }
    }

    @Test
    void selectedPairsShowNominationChecksRoundTripAndMediaOnBothSides() throws Exception {
        stun = EmbeddedStunServer.start(new InetSocketAddress(LOOPBACK, 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")));
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).addStunServer(new StunServer(stun.address()))
                .build();
        alice = IceSession.create(config, IceRole.CONTROLLING, null);
        bob = IceSession.create(config, IceRole.CONTROLLED, null);
        assertTrue(alice.stats().pairs().isEmpty(), "nothing before gathering");

        IcePeers.connect(alice, bob, DEADLINE);
        exchangeMedia();

        for (IceSession side : List.of(alice, bob)) {
            IceStats stats = side.stats();
            String who = side == alice ? "alice" : "bob";
            assertEquals(IceState.COMPLETED, stats.state(), who);
            assertEquals(2, stats.selectedPairs().size(), who + ": one selected pair per component");
            for (IceCandidatePairStats pair : stats.pairs()) {
                assertTrue(stats.candidate(pair.localCandidateId()).isPresent(), who + " " + pair);
                assertTrue(stats.candidate(pair.remoteCandidateId()).isPresent(), who + " " + pair);
            }
            IceCandidatePairStats rtp = stats.selectedPair(1).orElseThrow();
            assertTrue(rtp.nominated(), who + ": " + rtp);
            assertEquals("succeeded", rtp.state(), who);
            assertTrue(rtp.requestsSent() > 0, who + ": " + rtp);
            assertTrue(rtp.responsesReceived() > 0, who + ": " + rtp);
            assertTrue(rtp.requestsReceived() > 0, who + ": " + rtp);
            assertTrue(rtp.responsesSent() > 0, who + ": " + rtp);
            assertNotNull(rtp.currentRoundTripTime(), who + ": " + rtp);
            assertTrue(rtp.currentRoundTripTime() > 0 && rtp.currentRoundTripTime() < 5, who + ": " + rtp);
            assertTrue(rtp.totalRoundTripTime() >= rtp.currentRoundTripTime(), who + ": " + rtp);
            assertEquals(PACKETS, rtp.packetsSent(), who);
            assertEquals((long) PACKETS * SIZE, rtp.bytesSent(), who);
            assertEquals(PACKETS, rtp.packetsReceived(), who);
            assertEquals((long) PACKETS * SIZE, rtp.bytesReceived(), who);
            IceCandidateStats local = stats.candidate(rtp.localCandidateId()).orElseThrow();
            assertEquals("127.0.0.1", local.address(), who);
            assertEquals(side.selectedPair(1).orElseThrow().local().port(), local.port(), who);
            IceCandidateStats srflx = stats.localCandidates().stream()
                    .filter(c -> c.candidateType().equals("srflx")).findFirst().orElseThrow();
            assertEquals("stun:" + stun.address().getAddress().getHostAddress() + ":" + stun.address().getPort(),
                    srflx.url());
            assertEquals("127.0.0.2", srflx.address());
        }

        IceCandidatePairStats before = alice.stats().selectedPair(1).orElseThrow();
        alice.close();
        IceStats after = alice.stats();
        IceCandidatePairStats kept = after.selectedPair(1).orElseThrow();
        assertEquals(before.localCandidateId(), kept.localCandidateId(), "the figures outlive close()");
        assertEquals(before.packetsSent(), kept.packetsSent());
        assertTrue(kept.requestsSent() >= before.requestsSent());
    }

    @Test
    void consentChecksCountAsRequestsAndTheirAnswersAsRoundTrips() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).consentInterval(Duration.ofMillis(100))
                .build();
        alice = IceSession.create(config, IceRole.CONTROLLING, null);
        bob = IceSession.create(config, IceRole.CONTROLLED, null);
        IcePeers.connect(alice, bob, DEADLINE);
        IceCandidatePairStats before = alice.stats().selectedPair(1).orElseThrow();

        // RFC 7675 §5.1: a consent check every 100 ms, each answered by Bob.
        Eventually.atLeast(() -> (int) alice.stats().selectedPair(1).orElseThrow().consentRequestsSent(), 3,
                DEADLINE, () -> "consent checks sent");
        Eventually.atLeast(() -> (int) (alice.stats().selectedPair(1).orElseThrow().responsesReceived()
                - before.responsesReceived()), 2, DEADLINE, () -> "consent checks answered");
        IceCandidatePairStats rtp = alice.stats().selectedPair(1).orElseThrow();
        long checksBefore = before.requestsSent() - before.consentRequestsSent();
        assertTrue(rtp.requestsSent() >= checksBefore + rtp.consentRequestsSent(), "consent checks are requests: " + rtp);
        assertTrue(rtp.currentRoundTripTime() != null && rtp.currentRoundTripTime() > 0, rtp.toString());
        IceCandidatePairStats atBob = bob.stats().selectedPair(1).orElseThrow();
        assertTrue(atBob.requestsReceived() >= 3 && atBob.responsesSent() >= 3, "Bob answered them: " + atBob);
    }

    @Test
    void afterAnIceRestartTheStatsAreThoseOfTheNewGeneration() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).build();
        EventRecorder aliceEvents = new EventRecorder();
        alice = IceSession.create(config, IceRole.CONTROLLING, aliceEvents);
        bob = IceSession.create(config, IceRole.CONTROLLED, null);
        IcePeers.connect(alice, bob, DEADLINE);
        IceStats first = alice.stats();
        assertEquals(0, first.generation());

        LocalIce offer = await(alice.restart(), DEADLINE);
        LocalIce answer = await(bob.restart(), DEADLINE);
        bob.start(IcePeers.remote(offer));
        alice.start(IcePeers.remote(answer));
        aliceEvents.await(IceEvent.RestartCompleted.class, DEADLINE);

        IceStats second = alice.stats();
        assertEquals(1, second.generation());
        IceCandidatePairStats rtp = second.selectedPair(1).orElseThrow();
        assertEquals(alice.selectedPair(1).orElseThrow().local().port(),
                second.candidate(rtp.localCandidateId()).orElseThrow().port(), "the new generation's socket");
        assertTrue(rtp.nominated() && rtp.requestsSent() > 0 && rtp.responsesReceived() > 0, rtp.toString());
        int firstPort = first.candidate(first.selectedPair(1).orElseThrow().localCandidateId()).orElseThrow().port();
        assertTrue(second.localCandidates().stream().noneMatch(c -> c.port() == firstPort), "new candidates");
    }

    private void exchangeMedia() throws Exception {
        CountDownLatch delivered = new CountDownLatch(2 * PACKETS);
        alice.media().receive((c, data, len, from) -> delivered.countDown());
        bob.media().receive((c, data, len, from) -> delivered.countDown());
        byte[] packet = new byte[SIZE];
        for (int i = 0; i < PACKETS; i++) {
            alice.media().send(1, packet, 0, SIZE);
            bob.media().send(1, packet, 0, SIZE);
        }
        assertTrue(delivered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "media delivered both ways");
    }
}

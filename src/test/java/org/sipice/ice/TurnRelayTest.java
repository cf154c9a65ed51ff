package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.CandidateGathered;
import org.sipice.ice.IceEvent.ChecksStarted;
import org.sipice.ice.IceEvent.GatheringCompleted;
import org.sipice.ice.IceEvent.PairValidated;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;

/** Relayed candidates from a real TURN server (coturn on loopback), in calls between two of our sessions. */
class TurnRelayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // Nonces go stale after 1 s (RFC 8489 §9.2.5): a hang-up later than that meets a 438.
    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().staleNonce(1));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;

    @BeforeAll
    static void warmUp() throws Exception {
        // The first agent of a JVM pays for class loading (ice4j.md §3.4); timed tests come later.
        IceSession warmUp = IceSession.create(hostOnly().build(), IceRole.CONTROLLING, null);
        await(warmUp.gather(), DEADLINE);
        warmUp.close();
    }

    private static IceConfig.Builder hostOnly() {
        return IceConfig.builder().addHostAddress(LOOPBACK);
    }

    private static IceConfig.Builder relayOnly() {
        // A generous gathering deadline: these tests are about relaying and releasing, not about
        // a slow server (an Allocate is two round trips with its 401, more on a loaded machine).
        return hostOnly().addTurnServer(coturn.server().turnServer()).relayOnly(true)
                .gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void bobOffersOnlyHisRelayAndAliceOnHerHostAddressTalksToHimThroughCoturn() throws Exception {
        alice = peers.alice(hostOnly().build());
        bob = peers.bob(relayOnly().build());

        LocalIce bobsAnswer = await(bob.gather(), DEADLINE);

        // Bob signals relayed candidates only, one per component, and nothing that names his host.
        assertEquals(2, bobsAnswer.candidates().size(), bobsAnswer.toString());
        for (IceCandidate c : bobsAnswer.candidates()) {
            assertEquals(CandidateType.RELAY, c.type(), c.toString());
            assertEquals("0.0.0.0", c.relatedAddress(), "related address hidden: " + c);
        }
        // Events reach the listener on its own executor: wait for them, do not race them.
        List<TurnAllocated> allocations = bobEvents.awaitCount(TurnAllocated.class, 2, DEADLINE);
        bobEvents.await(IceEvent.GatheringCompleted.class, DEADLINE);
        assertTrue(bobEvents.ofType(CandidateGathered.class).stream()
                .allMatch(e -> e.candidate().type() == CandidateType.RELAY), bobEvents.names().toString());
        assertEquals(2, allocations.size(), bobEvents.events().toString());
        assertEquals(coturn.server().turnServer().toString(), allocations.get(0).server());
        assertEquals(Duration.ofSeconds(600), allocations.get(0).lifetime());
        assertEquals(bobsAnswer.defaults().get(1), allocations.stream().filter(a -> a.componentId() == 1)
                .findFirst().orElseThrow().relayed(), "the relay is the default candidate (RFC 8445 §5.1.4)");

        IcePeers.connect(alice, bob, DEADLINE);

        // Bob checked relay pairs only: one per component, and every pair he validated is relayed.
        assertEquals(2, bobEvents.await(ChecksStarted.class, DEADLINE).pairCount());
        for (PairValidated validated : bobEvents.ofType(PairValidated.class)) {
            assertEquals(CandidateType.RELAY, validated.pair().local().type(), validated.toString());
        }
        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-host/udp", bob.selectedPair(component).orElseThrow().typeSummary());
            assertEquals("host/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
    }

    @Test
    void aliceAndBobBothRelayOnlyTalkRelayToRelayAndCoturnForgetsThemWhenTheyHangUp() throws Exception {
        int before = coturn.server().liveAllocations();
        alice = peers.alice(relayOnly().build());
        bob = peers.bob(relayOnly().build());

        IcePeers.connect(alice, bob, DEADLINE);

        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
            assertEquals("relay/udp-relay/udp", bob.selectedPair(component).orElseThrow().typeSummary());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
            // They talk for 2.5 s: no TURN request goes out meanwhile, so every nonce goes stale.
            media.startTalking(Duration.ofMillis(50));
            media.awaitDeliveredAfter(Duration.ofMillis(2500), DEADLINE);
        }
        assertEquals(before + 4, coturn.server().liveAllocations(), "two allocations (RTP, RTCP) per side");
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();
        int staleBefore = coturn.server().logLinesContaining("error 438").size();

        alice.close();
        bob.close();

        // RFC 8656 §8: Refresh with LIFETIME=0 deletes them now, not 600 s later, although each
        // Refresh(0) was first refused with 438 Stale Nonce and retried with the new nonce.
        Eventually.atMost(coturn.server()::liveAllocations, before, Duration.ofSeconds(5), () -> "live allocations on coturn");
        assertEquals(deletedBefore + 4, coturn.server().logLinesContaining("lifetime=0").size(), "one Refresh(0) each");
        assertEquals(staleBefore + 4, coturn.server().logLinesContaining("error 438").size(), "one 438 per Refresh(0)");
    }

    @Test
    void aWrongTurnPasswordIsReportedAsSuchAndGatheringGoesOnWithHostCandidates() throws Exception {
        TurnServer wrong = coturn.server().turnServer("not-the-secret");
        alice = peers.alice(hostOnly().addTurnServer(wrong).build());

        long t0 = System.nanoTime();
        LocalIce local = await(alice.gather(), DEADLINE);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(wrong.toString(), failed.server());
        assertTrue(failed.reason().startsWith("401 Unauthorized: wrong TURN credentials"), failed.reason());
        assertFalse(failed.toString().contains("not-the-secret"), "the password is never shown");
        assertTrue(local.candidates().stream().allMatch(c -> c.type() == CandidateType.HOST), local.toString());
        assertEquals(2, aliceEvents.await(GatheringCompleted.class, DEADLINE).candidates().size());
        assertTrue(aliceEvents.ofType(TurnAllocated.class).isEmpty());
        assertTrue(tookMs < IceDefaults.GATHERING_TIMEOUT.toMillis() + 500, "gathering took " + tookMs + " ms");
    }

    @Test
    void aRelayOnlySessionWithAWrongPasswordFailsGatheringWithAClearReason() throws Exception {
        IceConfig config = hostOnly().addTurnServer(coturn.server().turnServer("not-the-secret")).relayOnly(true).build();
        alice = peers.alice(config);

        await(alice.gather().handle((local, error) -> null), DEADLINE);

        IceEvent.Failed failed = aliceEvents.await(IceEvent.Failed.class, DEADLINE);
        assertTrue(failed.reason().contains("relay-only: no relayed candidate"), failed.reason());
        assertTrue(aliceEvents.ofType(CandidateGathered.class).isEmpty(), "no host candidate ever signalled");
    }

    @Test
    void aSilentTurnServerCostsOnlyTheGatheringDeadlineAndIsNamed() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            TurnServer server = new TurnServer((InetSocketAddress) silent.getLocalSocketAddress(), "alice", "secret");
            IceConfig config = hostOnly().addTurnServer(server).gatheringTimeout(Duration.ofMillis(400)).build();
            alice = peers.alice(config);

            long t0 = System.nanoTime();
            LocalIce local = await(alice.gather(), DEADLINE);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
            assertEquals(server.toString(), failed.server());
            assertTrue(failed.reason().contains("within the gathering deadline of 400 ms"), failed.reason());
            assertEquals(2, local.candidates().size());
            assertTrue(tookMs < 1500, "gathering took " + tookMs + " ms");
        }
    }

    @Test
    void tenRelayedCallsLeaveNoAllocationSocketOrThreadBehind() throws Exception {
        int allocationsBefore = coturn.server().liveAllocations();
        Eventually.atMost(Resources::udpSockets, 0, Duration.ofSeconds(10), () -> "UDP sockets before");
        int threadsBefore = Resources.ownedThreads();

        for (int call = 0; call < 10; call++) {
            IceSession a = IceSession.create(relayOnly().build(), IceRole.CONTROLLING, null);
            IceSession b = IceSession.create(relayOnly().build(), IceRole.CONTROLLED, null);
            try {
                IcePeers.connect(a, b, DEADLINE);
                try (MediaFlow media = MediaFlow.between(a, b, 2)) {
                    media.exchange(1, Duration.ofSeconds(5));
                }
            } finally {
                a.close();
                b.close();
            }
        }

        Eventually.atMost(coturn.server()::liveAllocations, allocationsBefore, Duration.ofSeconds(5), () -> "allocations");
        Eventually.atMost(Resources::udpSockets, 0, Duration.ofSeconds(10), () -> "UDP sockets");
        Eventually.atMost(Resources::ownedThreads, threadsBefore, Duration.ofSeconds(10),
                () -> "threads: " + Resources.threadNames());
    }
}

package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;
import org.sipice.ice.LocalIce;
import org.sipice.ice.StunServer;
import org.sipice.sdp.CandidateType;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.SessionPair;

/**
 * Two generations on the shared loops, on loopback: Alice offers (controlling), Bob answers
 * (controlled); each takes the other's description; both complete on host pairs and carry media.
 */
class LoopSessionLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final SessionPair<LoopSession> peers = SessionPair.of(LoopSession::new);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private LoopSession alice;
    private LoopSession bob;

    private static IceConfig.Builder loopback() {
        return IceConfig.builder().addHostAddress(LOOPBACK);
    }

    private void call(IceConfig config) throws Exception {
        alice = peers.alice(config);
        bob = peers.bob(config);
        IcePeers.connect(alice, bob, DEADLINE);
        aliceEvents.await(IceEvent.Completed.class, DEADLINE);
        bobEvents.await(IceEvent.Completed.class, DEADLINE);
    }

    @Test
    void aliceAndBobCompleteOnHostPairsForBothComponentsAndCarryMediaBothWays() throws Exception {
        call(loopback().build());

        List<String> names = aliceEvents.names();
        assertEquals(List.of("GatheringStarted", "CandidateGathered", "CandidateGathered", "GatheringCompleted",
                "ChecksStarted", "NominationModeChosen"), names.subList(0, 6), names.toString());
        assertTrue(names.indexOf("PairValidated") > 5, names.toString());
        assertTrue(names.indexOf("PairNominated") > names.indexOf("PairValidated"), names.toString());
        assertEquals(List.of("PairSelected", "PairSelected", "Completed"), names.subList(names.size() - 3,
                names.size()), names.toString());
        assertEquals(1, aliceEvents.ofType(IceEvent.PeerCheckReceived.class).size(), aliceEvents.events().toString());
        assertEquals(1, bobEvents.ofType(IceEvent.PeerCheckReceived.class).size(), bobEvents.events().toString());
        assertEquals(IceState.COMPLETED, alice.state());
        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(IceRole.CONTROLLED, bob.role());

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals("host/udp-host/udp", a.typeSummary());
            // Both ends agree on the 5-tuple.
            assertEquals(a.local().port(), b.remote().port());
            assertEquals(a.remote().port(), b.local().port());
            assertTrue(a.nominated(), "the controlling side nominated " + a);
        }
        assertEquals(2, alice.completion().get().size());
        exchange(2);

        IceStats stats = alice.stats();
        assertEquals(2, stats.selectedPairs().size(), stats.toString());
        assertEquals(2, stats.localCandidates().size());
    }

    @Test
    void withRtcpMuxOneComponentCompletesAndCarriesMediaAndTheWholeLadderIsExact() throws Exception {
        call(loopback().rtcpMux(true).build());
        alice.close();
        bob.close();
        aliceEvents.await(IceEvent.Closed.class, DEADLINE);
        bobEvents.await(IceEvent.Closed.class, DEADLINE);

        List<String> ladder = List.of("GatheringStarted", "CandidateGathered", "GatheringCompleted", "ChecksStarted",
                "NominationModeChosen", "PairValidated", "PairNominated", "PairSelected", "Completed", "Closed");
        assertEquals(ladder, aliceEvents.names());
        assertEquals(ladder, bobEvents.names());
        assertEquals(1, aliceEvents.ofType(IceEvent.PeerCheckReceived.class).size());
    }

    @Test
    void withRtcpMuxOneComponentCompletesAndCarriesMedia() throws Exception {
        call(loopback().rtcpMux(true).build());

        assertEquals(1, aliceEvents.ofType(IceEvent.Completed.class).get(0).selectedPairs().size());
        assertTrue(alice.selectedPair(2).isEmpty());
        exchange(1);
    }

    @Test
    void aServerReflexiveCandidateFromTheEmbeddedStunServerIsSignalledAndTheHostPairStillWins() throws Exception {
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(new InetSocketAddress(LOOPBACK, 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")))) {
            call(loopback().rtcpMux(true).addStunServer(new StunServer(stun.address())).build());

            LocalIce offer = alice.gather().get();
            assertEquals(List.of(CandidateType.HOST, CandidateType.SRFLX),
                    offer.candidates().stream().map(c -> c.type()).toList());
            // RFC 8445 §6.1.2.4: the server-reflexive candidate is pruned to its base: the host pair is checked.
            assertEquals("host/udp-host/udp", alice.selectedPair(1).orElseThrow().typeSummary());
            exchange(1);
        }
    }

    @org.junit.jupiter.api.RepeatedTest(6)
    void bothControllingTheOneThatGivesWayReportsItOnceEvenWhenTheConflictComesBeforeItsStart() throws Exception {
        IceConfig config = loopback().rtcpMux(true).build();
        alice = peers.alice(config);
        bob = peers.bob(config, IceRole.CONTROLLING);
        LocalIce offer = await(alice.gather(), DEADLINE);
        LocalIce answer = await(bob.gather(), DEADLINE);

        // Bob checks first; Alice meets the conflict (RFC 8445 §7.3.1.1) before her own start().
        bob.start(IcePeers.remote(offer));
        aliceEvents.await(IceEvent.PeerCheckReceived.class, DEADLINE);
        alice.start(IcePeers.remote(answer));
        await(alice.completion(), DEADLINE);
        await(bob.completion(), DEADLINE);

        assertTrue(alice.role() != bob.role(), "exactly one agent is controlling");
        EventRecorder gaveWay = alice.role() == IceRole.CONTROLLED ? aliceEvents : bobEvents;
        EventRecorder kept = gaveWay == aliceEvents ? bobEvents : aliceEvents;
        assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLED)), gaveWay.ofType(IceEvent.RoleChanged.class));
        assertEquals(List.of(), kept.ofType(IceEvent.RoleChanged.class));
    }

    @Test
    void aPooledSessionHandedOverInTheOtherRoleRunsTheHandOverAfterItsEventsAndChecksInTheNewRole() throws Exception {
        IceConfig config = loopback().rtcpMux(true).build();
        // Gathered in advance as the pool does, with a placeholder role; the INVITE makes it the offerer.
        alice = peers.alice(config, IceRole.CONTROLLED);
        await(alice.gather(), DEADLINE);
        java.util.concurrent.CompletableFuture<List<String>> seenAtHandOver = new java.util.concurrent.CompletableFuture<>();

        alice.handOver(IceRole.CONTROLLING, () -> seenAtHandOver.complete(aliceEvents.names()));

        assertEquals(List.of("GatheringStarted", "CandidateGathered", "GatheringCompleted"),
                await(seenAtHandOver, DEADLINE));
        assertEquals(IceRole.CONTROLLING, alice.role());
        bob = peers.bob(config);
        IcePeers.connect(alice, bob, DEADLINE);
        assertEquals(new IceEvent.ChecksStarted(IceRole.CONTROLLING, 1), aliceEvents.await(IceEvent.ChecksStarted.class,
                DEADLINE));
        assertEquals(List.of(), aliceEvents.ofType(IceEvent.RoleChanged.class), "a hand-over is no role change");
        assertTrue(alice.selectedPair(1).orElseThrow().nominated());
    }

    @Test
    void mediaIsRefusedBeforeCompletionAndAfterClose() throws Exception {
        alice = peers.alice(loopback().build());
        await(alice.gather(), DEADLINE);
        assertThrows(IllegalStateException.class, () -> alice.media());

        bob = peers.bob(loopback().build());
        IcePeers.connect(alice, bob, DEADLINE);
        var media = alice.media();
        alice.close();
        assertThrows(java.io.IOException.class, () -> media.send(1, new byte[] {1}, 0, 1));
        aliceEvents.await(IceEvent.Closed.class, DEADLINE);
        assertEquals("Closed", aliceEvents.names().get(aliceEvents.names().size() - 1));
        // The last figures stay readable after close.
        assertEquals(2, alice.stats().selectedPairs().size());
    }

    /** Sends 10 datagrams each way on every component and checks every one arrived, on its component. */
    private void exchange(int components) throws Exception {
        int perComponent = 10;
        Map<String, Integer> atBob = new ConcurrentHashMap<>();
        Map<String, Integer> atAlice = new ConcurrentHashMap<>();
        CountDownLatch bobGot = new CountDownLatch(perComponent * components);
        CountDownLatch aliceGot = new CountDownLatch(perComponent * components);
        bob.media().receive((c, data, len, from) -> {
            atBob.put(new String(data, 0, len, StandardCharsets.US_ASCII), c);
            bobGot.countDown();
        });
        alice.media().receive((c, data, len, from) -> {
            atAlice.put(new String(data, 0, len, StandardCharsets.US_ASCII), c);
            aliceGot.countDown();
        });
        for (int component = 1; component <= components; component++) {
            for (int i = 0; i < perComponent; i++) {
                byte[] a = ("alice " + component + " " + i).getBytes(StandardCharsets.US_ASCII);
                byte[] b = ("bob " + component + " " + i).getBytes(StandardCharsets.US_ASCII);
                alice.media().send(component, a, 0, a.length);
                bob.media().send(component, b, 0, b.length);
            }
        }
        assertTrue(bobGot.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "Bob got " + atBob.keySet());
        assertTrue(aliceGot.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "Alice got " + atAlice.keySet());
        for (int component = 1; component <= components; component++) {
            for (int i = 0; i < perComponent; i++) {
                assertEquals(component, atBob.get("alice " + component + " " + i));
                assertEquals(component, atAlice.get("bob " + component + " " + i));
            }
        }
    }
}

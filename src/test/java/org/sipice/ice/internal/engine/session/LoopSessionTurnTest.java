package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.SessionPair;

/** Relayed candidates from a real TURN server (coturn on loopback) and a relay-only call. */
class LoopSessionTurnTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // Nonces go stale after 1 s (RFC 8489 §9.2.5): the deletions at hang-up meet a 438 first.
    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().staleNonce(1));

    @RegisterExtension
    final SessionPair<LoopSession> peers = SessionPair.of(LoopSession::new);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private LoopSession alice;
    private LoopSession bob;

    @BeforeEach
    void noAllocationLeft() throws InterruptedException {
        // RFC 8656 §8: close deletes every allocation, so an earlier test's are gone (at most a
        // moment after its close) and each test counts from none.
        Eventually.atMost(() -> coturn.server().liveAllocations(), 0, Duration.ofSeconds(5),
                () -> "allocations left on coturn");
    }

    private static IceConfig.Builder withTurn() {
        // A generous deadline: these tests are about what coturn grants, not about a slow server.
        return IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(coturn.server().turnServer())
                .gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void coturnGrantsARelayedCandidatePerComponentWhichBecomesTheDefault() throws Exception {
        alice = peers.alice(withTurn().build());

        LocalIce local = await(alice.gather(), DEADLINE);

        assertEquals(List.of(CandidateType.HOST, CandidateType.RELAY, CandidateType.HOST, CandidateType.RELAY),
                local.candidates().stream().map(IceCandidate::type).toList());
        List<TurnAllocated> allocated = aliceEvents.ofType(TurnAllocated.class);
        assertEquals(List.of("GatheringStarted", "TurnAllocated", "TurnAllocated", "CandidateGathered",
                "CandidateGathered", "CandidateGathered", "CandidateGathered", "GatheringCompleted"),
                aliceEvents.names());
        for (int component = 1; component <= 2; component++) {
            int c = component;
            IceCandidate relay = local.candidates().stream()
                    .filter(x -> x.componentId() == c && x.type() == CandidateType.RELAY).findFirst().orElseThrow();
            IceCandidate host = local.candidates().stream()
                    .filter(x -> x.componentId() == c && x.type() == CandidateType.HOST).findFirst().orElseThrow();
            TurnAllocated grant = allocated.stream().filter(a -> a.componentId() == c).findFirst().orElseThrow();
            assertEquals(grant.relayed(), relay.transportAddr());
            assertEquals(coturn.server().turnServer().toString(), grant.server());
            // RFC 8839 §5.1: the related address of a relayed candidate is the mapped address: our host port here.
            assertEquals(host.port(), relay.relatedPort());
            // RFC 8445 §5.1.2.2: type preference 0.
            assertEquals((65535L << 8) + (256 - c), relay.priority());
            // RFC 8445 §5.1.4: the relayed candidate is the default.
            assertEquals(relay.transportAddr(), local.defaults().get(c));
        }
        assertEquals("turn:" + coturn.server().address().getAddress().getHostAddress() + ":" + coturn.server().address().getPort()
                + "?transport=udp", alice.stats().localCandidates().stream()
                        .filter(c -> c.candidateType().equals("relay")).findFirst().orElseThrow().url());
    }

    @Test
    void twoRelayOnlySessionsTalkRelayToRelayAndCoturnForgetsTheAllocationsAtHangUp() throws Exception {
        int before = coturn.server().liveAllocations();
        IceConfig relayOnly = withTurn().relayOnly(true).build();
        alice = peers.alice(relayOnly);
        bob = peers.bob(relayOnly);

        IcePeers.connect(alice, bob, DEADLINE);

        LocalIce offer = alice.gather().get();
        assertTrue(offer.candidates().stream().allMatch(c -> c.type() == CandidateType.RELAY
                && "0.0.0.0".equals(c.relatedAddress())), offer.toString());
        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
            assertEquals("relay/udp-relay/udp", bob.selectedPair(component).orElseThrow().typeSummary());
        }
        assertTrue(alice.stats().localCandidates().stream().allMatch(c -> c.candidateType().equals("relay")),
                "relay-only stats show no host address");
        exchange(2);
        assertEquals(before + 4, coturn.server().liveAllocations(), "two allocations (RTP, RTCP) per side");

        alice.close();
        bob.close();

        // RFC 8656 §8: Refresh(LIFETIME 0) deletes them now, not 600 s later.
        Eventually.atMost(coturn.server()::liveAllocations, before, Duration.ofSeconds(5), () -> "live allocations on coturn");
        aliceEvents.await(IceEvent.Closed.class, DEADLINE);
        assertEquals(0, alice.openHostPorts());
    }

    /**
     * A forked offer with relayed candidates only (RFC 8839 §7.3): Alice's two check lists share
     * one allocation; each fork's peer gets its own permission when that fork's checks first
     * reach it (RFC 8656 §9), so both forks' checks and media come through the one relayed
     * address, each to its own check list. Releasing the loser keeps the allocation; the last
     * close deletes it.
     */
    @Test
    void twoForksCheckThroughOneAllocationAndTheLastCloseDeletesIt() throws Exception {
        int before = coturn.server().liveAllocations();
        IceConfig own = IceConfig.builder().rtcpMux(true).addHostAddress(LOOPBACK).build();
        alice = peers.alice(withTurn().rtcpMux(true).relayOnly(true).build());
        LoopSession aliceToMobile = alice.fork(IceRole.CONTROLLING, null);
        bob = peers.bob(own);
        LoopSession mobile = new LoopSession(own, IceRole.CONTROLLED, null);
        try {
            LocalIce offer = await(alice.gather(), DEADLINE);
            assertEquals(offer, await(aliceToMobile.gather(), DEADLINE));
            assertEquals(before + 1, coturn.server().liveAllocations(), "one allocation for both forks");
            IcePeers.ForkAnswers answers = IcePeers.connectForks(offer, alice, aliceToMobile, bob, mobile, DEADLINE);
            LocalIce bobAnswer = answers.first();
            LocalIce mobileAnswer = answers.fork();
            assertEquals("relay/udp-host/udp", alice.selectedPair(1).orElseThrow().typeSummary());
            assertEquals("relay/udp-host/udp", aliceToMobile.selectedPair(1).orElseThrow().typeSummary());
            assertEquals(bobAnswer.candidates().get(0).transportAddr(),
                    alice.selectedPair(1).orElseThrow().remote().transportAddr());
            assertEquals(mobileAnswer.candidates().get(0).transportAddr(),
                    aliceToMobile.selectedPair(1).orElseThrow().remote().transportAddr());

            // The mobile's media comes through the relay to its own check list (its permission).
            BlockingQueue<String> atAliceFromMobile = new LinkedBlockingQueue<>();
            aliceToMobile.media().receive((c, data, len, from) ->
                    atAliceFromMobile.add(new String(data, 0, len, StandardCharsets.US_ASCII)));
            byte[] hello = "mobile".getBytes(StandardCharsets.US_ASCII);
            mobile.media().send(1, hello, 0, hello.length);
            assertEquals("mobile", atAliceFromMobile.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

            // Bob answers 200 OK: the mobile's check list goes, the allocation stays with Bob's.
            aliceToMobile.close();
            assertEquals(before + 1, coturn.server().liveAllocations());
            exchange(1);
        } finally {
            aliceToMobile.close();
            mobile.close();
        }
        alice.close();
        Eventually.atMost(coturn.server()::liveAllocations, before, Duration.ofSeconds(5), () -> "live allocations on coturn");
    }

    private void exchange(int components) throws Exception {
        int perComponent = 10;
        Set<String> atBob = ConcurrentHashMap.newKeySet();
        Set<String> atAlice = ConcurrentHashMap.newKeySet();
        CountDownLatch bobGot = new CountDownLatch(perComponent * components);
        CountDownLatch aliceGot = new CountDownLatch(perComponent * components);
        bob.media().receive((c, data, len, from) -> {
            if (atBob.add(c + " " + new String(data, 0, len, StandardCharsets.US_ASCII))) {
                bobGot.countDown();
            }
        });
        alice.media().receive((c, data, len, from) -> {
            if (atAlice.add(c + " " + new String(data, 0, len, StandardCharsets.US_ASCII))) {
                aliceGot.countDown();
            }
        });
        for (int component = 1; component <= components; component++) {
            for (int i = 0; i < perComponent; i++) {
                byte[] a = ("alice " + i).getBytes(StandardCharsets.US_ASCII);
                byte[] b = ("bob " + i).getBytes(StandardCharsets.US_ASCII);
                alice.media().send(component, a, 0, a.length);
                bob.media().send(component, b, 0, b.length);
            }
        }
        assertTrue(bobGot.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "Bob got " + atBob);
        assertTrue(aliceGot.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "Alice got " + atAlice);
    }
}

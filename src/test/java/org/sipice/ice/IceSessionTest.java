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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.CandidateGathered;
import org.sipice.ice.IceEvent.Completed;
import org.sipice.ice.IceEvent.GatheringCompleted;
import org.sipice.ice.IceEvent.PairSelected;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.SessionPair;

/** Two of our ICE sessions on loopback: gathering, checks, selection, media, failure paths. */
class IceSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;

    private static IceConfig.Builder loopback() {
        return IceConfig.builder().addHostAddress(LOOPBACK);
    }

    @Test
    void aliceAndBobSelectTheHostPairForBothComponentsAndCarryMediaBothWays() throws Exception {
        alice = peers.alice(loopback().build());
        bob = peers.bob(loopback().build());

        IcePeers.connect(alice, bob, DEADLINE);
        aliceEvents.await(Completed.class, DEADLINE);

        // Events as a ladder: gathering, then checks, then one selected pair per component.
        List<String> names = aliceEvents.names();
        assertEquals(List.of("GatheringStarted", "CandidateGathered", "CandidateGathered", "GatheringCompleted",
                "ChecksStarted"), names.subList(0, 5));
        assertTrue(names.indexOf("PairValidated") > 4, names.toString());
        assertTrue(names.indexOf("PairNominated") > 4, names.toString());
        assertEquals(List.of("PairSelected", "PairSelected", "Completed"), names.subList(names.size() - 3,
                names.size()));
        bobEvents.await(Completed.class, DEADLINE);
        // Each side saw the other's first authenticated check, once (RFC 8839 §7.1.1 relies on it).
        assertEquals(1, aliceEvents.ofType(IceEvent.PeerCheckReceived.class).size(), aliceEvents.events().toString());
        assertEquals(1, bobEvents.ofType(IceEvent.PeerCheckReceived.class).size(), bobEvents.events().toString());

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals("host/udp-host/udp", a.typeSummary());
            // Both ends agree on the 5-tuple.
            assertEquals(a.local().port(), b.remote().port());
            assertEquals(a.remote().port(), b.local().port());
            assertEquals("127.0.0.1", a.local().address());
            assertTrue(a.nominated(), "controlling side nominated " + a);
        }

        assertExchange(2);
    }

    @Test
    void rtcpMuxUsesOneComponent() throws Exception {
        alice = peers.alice(loopback().rtcpMux(true).build());
        bob = peers.bob(loopback().rtcpMux(true).build());

        IcePeers.connect(alice, bob, DEADLINE);

        assertEquals(1, aliceEvents.await(Completed.class, DEADLINE).selectedPairs().size());
        assertTrue(alice.selectedPair(2).isEmpty());
        assertExchange(1);
    }

    @Test
    void stunGatheringAgainstAnEmbeddedResponderYieldsServerReflexiveCandidates() throws Exception {
        InetAddress publicAddress = InetAddress.getByName("127.0.0.2");
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(new InetSocketAddress(LOOPBACK, 0),
                EmbeddedStunServer.translateTo(publicAddress))) {
            IceConfig config = loopback().addStunServer(new StunServer(stun.address())).build();
            alice = peers.alice(config);

            LocalIce local = await(alice.gather(), DEADLINE);

            for (int component = 1; component <= 2; component++) {
                int c = component;
                IceCandidate host = local.candidates().stream()
                        .filter(x -> x.componentId() == c && x.type() == CandidateType.HOST).findFirst().orElseThrow();
                IceCandidate srflx = local.candidates().stream()
                        .filter(x -> x.componentId() == c && x.type() == CandidateType.SRFLX).findFirst().orElseThrow();
                assertEquals("127.0.0.2", srflx.address());
                assertEquals(host.port(), srflx.port());
                assertEquals("127.0.0.1", srflx.relatedAddress());
                assertEquals(host.port(), srflx.relatedPort());
                assertTrue(host.priority() > srflx.priority(), "host preferred over srflx (RFC 8445 §5.1.2.2)");
                // RFC 8445 §5.1.4: the server-reflexive candidate is the default.
                assertEquals("127.0.0.2", local.defaults().get(c).address());
            }
            assertTrue(stun.answered() >= 2);
            assertTrue(aliceEvents.ofType(ServerFailed.class).isEmpty());
        }
    }

    @Test
    void aStunServerThatSeesTheHostAddressItselfIsNotReportedAsFailed() throws Exception {
        // No NAT between us and the server: the mapped address equals the host address, and a
        // server-reflexive candidate equal to its base is redundant (RFC 8445 §5.1.3). The server
        // did answer: no "no Binding response" failure (issue 11, defect 10).
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(LOOPBACK)) {
            IceConfig config = loopback().addStunServer(new StunServer(stun.address())).build();
            alice = peers.alice(config);

            LocalIce local = await(alice.gather(), DEADLINE);

            assertTrue(stun.answered() >= 1, "answered " + stun.answered());
            assertTrue(local.candidates().stream().noneMatch(c -> c.type() == CandidateType.SRFLX),
                    local.candidates().toString());
            assertEquals(List.of(), aliceEvents.ofType(ServerFailed.class));
        }
    }

    @Test
    void aSilentStunServerCostsOnlyTheGatheringDeadlineAndIsReported() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            StunServer server = new StunServer((InetSocketAddress) silent.getLocalSocketAddress());
            IceConfig config = loopback().addStunServer(server).gatheringTimeout(Duration.ofMillis(400)).build();
            alice = peers.alice(config);

            long t0 = System.nanoTime();
            LocalIce local = await(alice.gather(), DEADLINE);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            assertEquals(2, local.candidates().size());
            assertTrue(local.candidates().stream().allMatch(c -> c.type() == CandidateType.HOST));
            ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
            assertEquals("stun:" + server, failed.server());
            assertTrue(failed.reason().contains("deadline"), failed.reason());
            assertTrue(tookMs < 2000, "gathering took " + tookMs + " ms");
            GatheringCompleted done = aliceEvents.await(GatheringCompleted.class, DEADLINE);
            assertEquals(2, done.candidates().size());
            assertEquals(2, aliceEvents.ofType(CandidateGathered.class).size());
        }
    }

    @Test
    void aPeerThatNeverAnswersChecksFailsTheSessionWithoutHanging() throws Exception {
        alice = peers.alice(loopback().checksTimeout(Duration.ofSeconds(3)).build());
        bob = peers.bob(loopback().build());
        LocalIce answer = await(bob.gather(), DEADLINE);
        await(alice.gather(), DEADLINE);
        bob.close(); // Bob's sockets are gone: every check Alice sends is lost.

        alice.start(IcePeers.remote(answer));

        IceEvent.Failed failed = aliceEvents.await(IceEvent.Failed.class, DEADLINE);
        assertFalse(failed.reason().isBlank());
        assertEquals(IceState.FAILED, alice.state());
        assertTrue(alice.completion().isCompletedExceptionally());
    }

    @Test
    void aSilentPeerFailsTheSessionWithinTheConfiguredChecksTimeout() throws Exception {
        try (DatagramSocket silentRtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket silentRtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Duration checksTimeout = Duration.ofSeconds(2);
            alice = peers.alice(loopback().checksTimeout(checksTimeout).build());
            await(alice.gather(), DEADLINE);
            // The peer's candidates exist and take datagrams, but nothing ever answers.
            List<IceCandidate> silent = List.of(
                    IceCandidate.builder().foundation("1").componentId(1).priority(2130706431L)
                            .address("127.0.0.1").port(silentRtp.getLocalPort()).build(),
                    IceCandidate.builder().foundation("1").componentId(2).priority(2130706430L)
                            .address("127.0.0.1").port(silentRtcp.getLocalPort()).build());
            long t0 = System.nanoTime();
            alice.start(new RemoteIce(new org.sipice.sdp.IceCredentials("silent", "silentpeerpassword0123"),
                    silent, false, java.util.OptionalInt.empty(), List.of("ice2")));

            IceEvent.Failed failed = aliceEvents.await(IceEvent.Failed.class, DEADLINE);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(tookMs < checksTimeout.toMillis() + 1500, "failed after " + tookMs + " ms: " + failed);
            assertEquals(IceState.FAILED, alice.state());
        }
    }

    @Test
    void anAnswerThatReachesTheOffererTwoSecondsLateStillConnectsBothEndsOnOnePair() throws Exception {
        alice = peers.alice(loopback().build());
        bob = peers.bob(loopback().build());
        LocalIce offer = await(alice.gather(), DEADLINE);
        LocalIce answer = await(bob.gather(), DEADLINE);

        // Bob answers and starts checking at once; the answer reaches Alice 2 s later (a slow
        // proxy), so Bob's first checks arrive before Alice knows him (RFC 8445 §7.3.1.4).
        bob.start(IcePeers.remote(offer));
        CountDownLatch answerDelivered = new CountDownLatch(1);
        org.sipice.internal.concurrent.Executors.timer().schedule(() -> {
            alice.start(IcePeers.remote(answer));
            answerDelivered.countDown();
        }, 2, TimeUnit.SECONDS);

        assertTrue(answerDelivered.await(10, TimeUnit.SECONDS));
        await(alice.completion(), DEADLINE);
        await(bob.completion(), DEADLINE);
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals(a.local().port(), b.remote().port());
            assertEquals(a.remote().port(), b.local().port());
        }
    }

    @Test
    void closeIsIdempotentAndReportsClosedOnce() throws Exception {
        alice = peers.alice(loopback().build());
        await(alice.gather(), DEADLINE);
        alice.close();
        alice.close();
        aliceEvents.await(IceEvent.Closed.class, DEADLINE);
        assertEquals(IceState.CLOSED, alice.state());
        assertEquals(1, aliceEvents.ofType(IceEvent.Closed.class).size());
    }

    /** Sends 10 datagrams each way on every component and checks every byte arrived. */
    private void assertExchange(int components) throws Exception {
        int perComponent = 10;
        Map<String, byte[]> atBob = new ConcurrentHashMap<>();
        Map<String, byte[]> atAlice = new ConcurrentHashMap<>();
        CountDownLatch bobGot = new CountDownLatch(perComponent * components);
        CountDownLatch aliceGot = new CountDownLatch(perComponent * components);
        bob.media().receive((c, data, len, from) -> {
            atBob.put(new String(data, 0, len), data);
            bobGot.countDown();
        });
        alice.media().receive((c, data, len, from) -> {
            atAlice.put(new String(data, 0, len), data);
            aliceGot.countDown();
        });
        for (int c = 1; c <= components; c++) {
            for (int i = 0; i < perComponent; i++) {
                byte[] a = ("alice c" + c + " #" + i).getBytes();
                byte[] b = ("bob c" + c + " #" + i).getBytes();
                alice.media().send(c, a, 0, a.length);
                bob.media().send(c, b, 0, b.length);
            }
        }
        assertTrue(bobGot.await(5, TimeUnit.SECONDS), "Bob got " + atBob.keySet());
        assertTrue(aliceGot.await(5, TimeUnit.SECONDS), "Alice got " + atAlice.keySet());
        assertTrue(atBob.containsKey("alice c1 #9"));
        assertTrue(atAlice.containsKey("bob c" + components + " #0"));
        assertEquals(PairSelected.class, aliceEvents.ofType(PairSelected.class).get(0).getClass());
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.LeakCheck;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;

/**
 * ICE-TCP (RFC 6544) between two of our sessions on loopback: the host TCP candidates in the
 * offer and answer, a TCP pair selected when UDP cannot be used, media both ways over it, UDP
 * still preferred when both work, and nothing left open after close.
 */
class IceTcpSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);

    private static IceConfig iceTcp() {
        return IceConfig.builder().addHostAddress(LOOPBACK).iceTcp(true).build();
    }

    @Test
    void anOfferWithIceTcpCarriesAPassiveAndAnActiveCandidatePerComponentBelowTheUdpHost() throws Exception {
        LocalIce offer = await(peers.alice(iceTcp()).gather(), DEADLINE);

        for (int component = 1; component <= 2; component++) {
            int c = component;
            List<IceCandidate> ofComponent = offer.candidates().stream().filter(x -> x.componentId() == c).toList();
            IceCandidate udp = ofComponent.stream().filter(IceCandidate::isUdp).findFirst().orElseThrow();
            IceCandidate passive = ofComponent.stream().filter(x -> "passive".equals(x.tcpType())).findFirst()
                    .orElseThrow();
            IceCandidate active = ofComponent.stream().filter(x -> "active".equals(x.tcpType())).findFirst()
                    .orElseThrow();
            // RFC 6544 §4.5: "... TCP prio addr port typ host tcptype passive"; active at port 9.
            assertTrue(passive.toSdpValue().matches("\\d+ " + c + " TCP \\d+ 127\\.0\\.0\\.1 \\d+ typ host tcptype passive"),
                    passive.toSdpValue());
            // The SDP codec reads it back as it was written (RFC 6544 §4.5, RFC 8839 §5.1).
            assertEquals(active, IceCandidate.parse(active.toSdpValue()));
            assertEquals(9, active.port(), active.toString());
            assertTrue(passive.port() > 0 && passive.port() != 9, passive.toString());
            // RFC 6544 §4.2: UDP first, then active (direction 6) before passive (direction 4).
            assertTrue(udp.priority() > active.priority() && active.priority() > passive.priority(),
                    ofComponent.toString());
            // The default candidate stays the UDP one (RFC 8445 §5.1.4).
            assertEquals(udp.port(), offer.defaults().get(c).port());
        }
    }

    @Test
    void withUdpLostBothWaysTheTcpPairIsSelectedAndCarriesMediaBothWays() throws Exception {
        IceSession alice = peers.alice(iceTcp());
        IceSession bob = peers.bob(iceTcp());
        int tcpBefore = Resources.tcpSockets();

        // Alice offers, Bob answers; each sees only the other's TCP candidates.
        IcePeers.connect(alice, bob, IcePeers::tcpOnly, DEADLINE);

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals("tcp", a.local().transport().toLowerCase(), a.toString());
            assertEquals("tcp", b.local().transport().toLowerCase(), b.toString());
            // One connection, seen from both ends: the passive end's address is the other's remote.
            assertTrue(a.remote().port() == b.local().port() || b.remote().port() == a.local().port(),
                    a + " / " + b);
        }
        exchange(alice, bob, 2);

        alice.close();
        bob.close();
        // The listening sockets and the connections are released.
        Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets");
    }

    @Test
    void consentIsRenewedOverTheSelectedTcpConnection() throws Exception {
        // RFC 7675 §5.1: a consent check every interval on the selected pair, here over TCP.
        IceConfig fastConsent = IceConfig.builder().addHostAddress(LOOPBACK).iceTcp(true).rtcpMux(true)
                .consentInterval(Duration.ofMillis(100)).consentTimeout(Duration.ofSeconds(5)).build();
        IceSession alice = peers.alice(fastConsent);
        IceSession bob = peers.bob(fastConsent);
        IcePeers.connect(alice, bob, IcePeers::tcpOnly, DEADLINE);
        assertEquals("tcp", alice.selectedPair(1).orElseThrow().local().transport().toLowerCase());

        long answeredAtCompletion = alice.stats().selectedPair(1).orElseThrow().responsesReceived();
        Eventually.atLeast(() -> (int) alice.stats().selectedPair(1).orElseThrow().consentRequestsSent(), 5,
                DEADLINE, () -> "Alice's consent checks: " + alice.stats().selectedPair(1));
        Eventually.atLeast(() -> (int) (alice.stats().selectedPair(1).orElseThrow().responsesReceived()
                - answeredAtCompletion), 3, DEADLINE, () -> "answers to Alice's consent checks");
        exchange(alice, bob, 1); // still sending: consent holds
    }

    @Test
    void aPassiveCandidateNobodyListensOnFailsItsCheckAtOnceInsteadOfAfterTheRetransmissions() throws Exception {
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).iceTcp(true).rtcpMux(true)
                .build());
        LocalIce offer = await(alice.gather(), DEADLINE);
        // Bob's answer: a passive candidate on a port where nothing listens any more.
        int closedPort;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, LOOPBACK)) {
            closedPort = closed.getLocalPort();
        }
        long passivePriority = (90L << 24) + ((4L * 8192 + 8191) << 8) + 255; // RFC 6544 §4.2, direction 4
        IceCandidate deadPassive = IceCandidate.builder().foundation("9").componentId(1).transport("TCP")
                .priority(passivePriority).address("127.0.0.1").port(closedPort)
                .type(org.sipice.sdp.CandidateType.HOST).tcpType("passive").build();
        RemoteIce bob = new RemoteIce(new org.sipice.sdp.IceCredentials("bobufrag", "bobpasswordbobpassword12"),
                List.of(deadPassive), false, java.util.OptionalInt.empty(), List.of("ice2"));

        alice.start(bob);

        // RFC 6544 §7.1: the refused connection fails the check, after its one request.
        java.util.concurrent.CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class, () -> alice.completion().join());
        IceCandidatePairStats pair = alice.stats().pairs().stream().filter(p -> p.componentId() == 1)
                .findFirst().orElseThrow(() -> new AssertionError(failed + " " + alice.stats()));
        assertEquals("failed", pair.state(), pair.toString());
        assertEquals(1, pair.requestsSent(), pair.toString());
        assertTrue(offer.candidates().stream().anyMatch(IceCandidate::isTcp));
    }

    @Test
    void overIpv6LoopbackTheTcpPairIsSelectedToo() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        IceConfig config = IceConfig.builder().addHostAddress(v6).iceTcp(true).rtcpMux(true).build();
        IceSession alice = peers.alice(config);
        IceSession bob = peers.bob(config);
        IcePeers.connect(alice, bob, IcePeers::tcpOnly, DEADLINE);

        CandidatePairInfo a = alice.selectedPair(1).orElseThrow();
        assertEquals("tcp", a.local().transport().toLowerCase(), a.toString());
        assertTrue(a.local().address().contains(":") && a.remote().address().contains(":"), a.toString());
        exchange(alice, bob, 1);
    }

    @Test
    void whenBothWorkTheUdpPairIsStillSelected() throws Exception {
        IceSession alice = peers.alice(iceTcp());
        IceSession bob = peers.bob(iceTcp());

        IcePeers.connect(alice, bob, DEADLINE);

        for (int component = 1; component <= 2; component++) {
            assertEquals("host/udp-host/udp", alice.selectedPair(component).orElseThrow().typeSummary());
            assertEquals("host/udp-host/udp", bob.selectedPair(component).orElseThrow().typeSummary());
        }
    }

    @Test
    void tcpCallsLeaveNoSocketOrThreadBehind() throws Exception {
        int tcpBefore = Resources.tcpSockets();
        LeakCheck.leavesNothingBehind(3, () -> {
            try (IceSession alice = IceSession.create(iceTcp(), IceRole.CONTROLLING, e -> { });
                    IceSession bob = IceSession.create(iceTcp(), IceRole.CONTROLLED, e -> { })) {
                IcePeers.connect(alice, bob, IcePeers::tcpOnly, DEADLINE);
            }
            Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets");
        });
    }

    private static void exchange(IceSession alice, IceSession bob, int components) throws Exception {
        int perComponent = 10;
        Set<String> atBob = ConcurrentHashMap.newKeySet();
        Set<String> atAlice = ConcurrentHashMap.newKeySet();
        CountDownLatch bobGot = new CountDownLatch(perComponent * components);
        CountDownLatch aliceGot = new CountDownLatch(perComponent * components);
        bob.media().receive((c, data, len, from) -> {
            atBob.add(new String(data, 0, len));
            bobGot.countDown();
        });
        alice.media().receive((c, data, len, from) -> {
            atAlice.add(new String(data, 0, len));
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
        assertTrue(bobGot.await(5, TimeUnit.SECONDS), "Bob got " + atBob);
        assertTrue(aliceGot.await(5, TimeUnit.SECONDS), "Alice got " + atAlice);
        assertEquals(perComponent * components, atBob.size(), atBob.toString());
        assertEquals(perComponent * components, atAlice.size(), atAlice.toString());
    }
}

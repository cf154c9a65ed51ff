package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.ice.IceEvent.TurnTlsFailed;
import org.sipice.internal.tls.CertificateAuthority;
import org.sipice.internal.tls.TlsIdentity;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.CaFile;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;

/**
 * TURN over TLS (RFC 8656 §3.1) with coturn's TLS listener on loopback, its certificate from the
 * test's own CA: a relayed call whose allocations are made, used and deleted through TLS, and the
 * servers a client must refuse (RFC 5280 §6: unknown CA, expired; RFC 6125 §6: wrong name), each
 * a named {@link TurnTlsFailed}, never a relay over plain TCP.
 */
class TurnTlsRelayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final CertificateAuthority CA = CertificateAuthority.create("sipice TURN test CA", Duration.ofDays(1));

    @RegisterExtension
    static final CaFile caFile = CaFile.of(CA);

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().tls(
            CA.issue(List.of("127.0.0.1", "localhost"), Duration.ofDays(1))));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();

    static IceConfig.Builder relayOnlyVia(TurnServer server) {
        return IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server).relayOnly(true)
                .gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aliceAndBobRelayOverTlsTalkBothWaysAndCoturnForgetsThemWhenTheyHangUp() throws Exception {
        // The deletions of an earlier test's allocations may still be on their way to coturn.
        Eventually.atMost(coturn.server()::liveAllocations, 0, Duration.ofSeconds(5), () -> "allocations left");
        int allocationsBefore = 0;
        int tcpBefore = Resources.tcpSockets();
        TurnServer tls = coturn.server().tlsTurnServer(caFile.path());
        IceSession alice = peers.alice(relayOnlyVia(tls).build());
        IceSession bob = peers.bob(relayOnlyVia(tls).build());

        IcePeers.connect(alice, bob, DEADLINE);

        assertEquals(tcpBefore + 4, Resources.tcpSockets(), "one TLS connection per allocation (RTP, RTCP) per side");
        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
        }
        for (IceCandidateStats relay : alice.stats().localCandidates()) {
            assertEquals("tls", relay.relayProtocol(), relay.toString());
            assertEquals("turns:127.0.0.1:" + tls.address().getPort() + "?transport=tcp", relay.url());
        }
        assertTrue(aliceEvents.ofType(TurnTlsFailed.class).isEmpty(), aliceEvents.names().toString());
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
        assertEquals(allocationsBefore + 4, coturn.server().liveAllocations(), "two allocations per side");
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();

        alice.close();
        bob.close();

        // RFC 8656 §8: each allocation is deleted over its TLS connection, then the connection closed.
        Eventually.atMost(coturn.server()::liveAllocations, allocationsBefore, Duration.ofSeconds(5),
                () -> "live allocations on coturn");
        assertEquals(deletedBefore + 4, coturn.server().logLinesContaining("lifetime=0").size(), "one Refresh(0) each");
        Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets");
    }

    @Test
    void aRelayOverTlsRanksBelowOneOverUdpOfTheSameServer() throws Exception {
        IceSession alice = peers.alice(relayOnlyVia(coturn.server().tlsTurnServer(caFile.path()))
                .addTurnServer(coturn.server().turnServer()).build());

        List<IceCandidate> gathered = await(alice.gather(), DEADLINE).candidates();

        long tlsRtp = priorityOf(alice, "tls");
        long udpRtp = priorityOf(alice, "udp");
        assertEquals(4, gathered.stream().filter(c -> c.type() == CandidateType.RELAY).count(), gathered.toString());
        assertTrue(tlsRtp < udpRtp, "RFC 8445 §5.1.2.1: UDP before TLS: " + tlsRtp + " < " + udpRtp);
    }

    @Test
    void aServerWhoseCaIsUnknownIsRefusedByName() throws Exception {
        Path otherCa = Files.createTempFile("sipice-other-ca", ".pem");
        try {
            CertificateAuthority.create("someone else", Duration.ofDays(1)).writeCertificatePem(otherCa);
            TurnServer server = coturn.server().tlsTurnServer(otherCa);

            refusedWithoutLeaks(server, TlsFailure.UNKNOWN_CA);
        } finally {
            Files.deleteIfExists(otherCa);
        }
    }

    @Test
    void aServerWithAnotherNamesCertificateIsRefusedByName() throws Exception {
        try (Coturn impostor = Coturn.settings()
                .tls(CA.issue(List.of("turn.example.net", "10.9.9.9"), Duration.ofDays(1))).start()) {
            refusedWithoutLeaks(impostor.tlsTurnServer(caFile.path()), TlsFailure.WRONG_NAME);
            assertEquals(0, impostor.createdAllocations(), "nothing was sent over the refused connection");
        }
    }

    @Test
    void aServerWithAnExpiredCertificateIsRefusedByName() throws Exception {
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7));
        try (Coturn expired = Coturn.settings()
                .tls(CA.issue(List.of("127.0.0.1"), lastWeek.minus(Duration.ofDays(1)), lastWeek)).start()) {
            refusedWithoutLeaks(expired.tlsTurnServer(caFile.path()), TlsFailure.EXPIRED);
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsAHandshakeFailureNotARelayOverPlainTcp() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 4, LOOPBACK)) {
            Thread answering = new Thread(() -> {
                for (int i = 0; i < 4; i++) {
                    try (Socket s = plain.accept()) {
                        // Whatever a plain server says to a ClientHello: not a TLS record.
                        s.getInputStream().read(new byte[512]);
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "test-plain-tcp");
            answering.setDaemon(true);
            answering.start();
            TurnServer server = TurnServer.tls((InetSocketAddress) plain.getLocalSocketAddress(), Coturn.USER,
                    Coturn.PASSWORD).withCaFile(caFile.path());
            peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server)
                    .gatheringTimeout(Duration.ofSeconds(5)).build());

            await(peers.alice().gather(), DEADLINE);

            TurnTlsFailed refused = aliceEvents.await(TurnTlsFailed.class, DEADLINE);
            assertEquals(TlsFailure.HANDSHAKE, refused.failure(), refused.toString());
            ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
            assertTrue(failed.reason().startsWith("TLS handshake failed: "), failed.reason());
            assertTrue(aliceEvents.ofType(TurnAllocated.class).isEmpty(), aliceEvents.names().toString());
        }
    }

    @Test
    void aCaFileThatIsGoneIsAServerFailedNamingIt() throws Exception {
        Path gone = caFile.path().resolveSibling("sipice-no-such-ca.pem");
        TurnServer server = coturn.server().tlsTurnServer(gone);
        peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server).build());

        await(peers.alice().gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals("the TLS CA file " + gone + " does not exist", failed.reason());
        assertTrue(aliceEvents.ofType(TurnTlsFailed.class).isEmpty(), "no handshake was tried");
    }

    /**
     * Alice gathers with {@code server} and a host candidate: she hears which check failed, gets
     * no relayed candidate, and keeps her host candidate; three times, leaving no socket, channel
     * or sipice thread. (Not {@code LeakCheck}: its JVM-wide thread count also sees the workers
     * JUnit's ForkJoinPool adds while a test blocks, which come and go on their own.)
     */
    private static void refusedWithoutLeaks(TurnServer server, TlsFailure expected) throws Exception {
        int tcpBefore = Resources.tcpSockets();
        int udpBefore = Resources.udpSockets();
        int threadsBefore = Resources.ownedThreads();
        for (int run = 0; run < 3; run++) {
            EventRecorder events = new EventRecorder();
            IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server)
                    .gatheringTimeout(Duration.ofSeconds(5)).build();
            try (IceSession alice = IceSession.create(config, IceRole.CONTROLLING, events)) {
                List<IceCandidate> gathered = await(alice.gather(), DEADLINE).candidates();

                List<TurnTlsFailed> refused = events.awaitCount(TurnTlsFailed.class, 2, DEADLINE);
                for (TurnTlsFailed f : refused) {
                    assertEquals(expected, f.failure(), f.toString());
                    assertEquals(server.toString(), f.server());
                }
                ServerFailed failed = events.await(ServerFailed.class, DEADLINE);
                assertTrue(failed.reason().startsWith("TLS server verification failed ("
                        + expected.name().toLowerCase().replace('_', ' ') + ")"), failed.reason());
                assertTrue(events.ofType(TurnAllocated.class).isEmpty(), events.names().toString());
                assertTrue(gathered.stream().noneMatch(c -> c.type() == CandidateType.RELAY), gathered.toString());
                assertTrue(gathered.stream().anyMatch(c -> c.type() == CandidateType.HOST), "the session goes on");
            }
        }
        Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets (TLS channels)");
        Eventually.atMost(Resources::udpSockets, udpBefore, Duration.ofSeconds(10), () -> "UDP sockets");
        Eventually.atMost(Resources::ownedThreads, threadsBefore, Duration.ofSeconds(10),
                () -> "threads: " + Resources.threadNames());
    }

    private static long priorityOf(IceSession session, String relayProtocol) {
        return session.stats().localCandidates().stream()
                .filter(c -> relayProtocol.equals(c.relayProtocol()) && c.componentId() == 1)
                .findFirst().orElseThrow(() -> new AssertionError("no relay over " + relayProtocol)).priority();
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.Coturn;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;

/**
 * ALTERNATE-SERVER (RFC 8489 §10, RFC 8656 §7.2/§7.4), as coturn clusters use it: a first coturn
 * answers every Allocate with 300 Try Alternate naming a second, which allocates; the relay
 * then lives on the second (media, refreshes, deletion). A redirect back to a server already
 * tried, or a second redirect, is a named error and gathering goes on without that relay.
 */
class TurnAlternateServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Allocates. */
    private static Coturn second;
    /** Redirects to {@link #second}. */
    private static Coturn first;
    /** Redirects to {@link #pong}. */
    private static Coturn ping;
    /** Redirects back to {@link #ping}. */
    private static Coturn pong;
    /** Redirects to {@link #ping}: the client would be redirected twice, to a server not tried yet. */
    private static Coturn twice;

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();

    @BeforeAll
    static void startCoturns() throws Exception {
        second = Coturn.settings().tcp().start();
        first = Coturn.settings().tcp().alternateServer(second.address()).start();
        int pongPort = Coturn.freePort(false);
        ping = Coturn.settings().alternateServer(new InetSocketAddress(LOOPBACK, pongPort)).start();
        pong = Coturn.settings().port(pongPort).alternateServer(ping.address()).start();
        twice = Coturn.settings().alternateServer(ping.address()).start();
    }

    @AfterAll
    static void stopCoturns() throws Exception {
        for (Coturn c : new Coturn[] {twice, pong, ping, first, second}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static IceConfig.Builder relayOnlyVia(TurnServer server) {
        return IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server).relayOnly(true)
                .gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void theFirstCoturnRedirectsAliceAndBobToTheSecondWhichRelaysTheirCallAndDeletesItAtTheEnd() throws Exception {
        int liveBefore = second.liveAllocations();
        int deletedBefore = second.logLinesContaining("lifetime=0").size();
        IceSession alice = peers.alice(relayOnlyVia(first.turnServer()).build());
        IceSession bob = peers.bob(relayOnlyVia(first.turnServer()).build());

        IcePeers.connect(alice, bob, DEADLINE);

        String used = second.turnServer().uri() + "?transport=udp";
        for (IceCandidateStats relay : alice.stats().localCandidates()) {
            assertEquals("relay", relay.candidateType(), relay.toString());
            assertEquals(used, relay.url(), "the server actually used names the candidate");
        }
        for (TurnAllocated grant : aliceEvents.ofType(TurnAllocated.class)) {
            assertEquals(second.turnServer().toString(), grant.server());
        }
        assertEquals(0, first.createdAllocations(), "the first server only redirects");
        assertEquals(liveBefore + 4, second.liveAllocations(), "RTP and RTCP, Alice and Bob, on the second");
        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }

        alice.close();
        bob.close();

        // RFC 8656 §8: deleted where it lives, on the second server.
        Eventually.atMost(second::liveAllocations, liveBefore, Duration.ofSeconds(5), () -> "live on the second");
        assertEquals(deletedBefore + 4, second.logLinesContaining("lifetime=0").size(), "one Refresh(0) each");
    }

    @Test
    void aRedirectOverTcpKeepsTcpToTheSecondServer() throws Exception {
        int tcpBefore = Resources.tcpSockets();
        IceSession alice = peers.alice(relayOnlyVia(first.tcpTurnServer()).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        assertEquals(2, local.candidates().size(), local.toString());
        for (IceCandidateStats relay : alice.stats().localCandidates()) {
            assertEquals("tcp", relay.relayProtocol(), relay.toString());
            assertEquals(second.tcpTurnServer().uri(), relay.url());
        }
        assertEquals(tcpBefore + 2, Resources.tcpSockets(), "one connection per allocation, to the second only");
        alice.close();
        Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets");
    }

    @Test
    void twoServersRedirectingToEachOtherAreARedirectLoopAndTheCallGoesOnWithHostCandidates() throws Exception {
        int udpBefore = Resources.udpSockets();
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK)
                .addTurnServer(ping.turnServer()).build());
        IceSession bob = peers.bob(IceConfig.builder().addHostAddress(LOOPBACK).build());

        IcePeers.connect(alice, bob, DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(ping.turnServer().toString(), failed.server());
        assertEquals("TURN redirect loop: 300 Try Alternate back to " + hostPort(ping) + ", already tried (Allocate)",
                failed.reason());
        assertTrue(aliceEvents.ofType(TurnAllocated.class).isEmpty(), aliceEvents.names().toString());
        assertTrue(alice.stats().localCandidates().stream().noneMatch(c -> c.candidateType().equals("relay")));
        assertEquals("host/udp-host/udp", alice.selectedPair(1).orElseThrow().typeSummary());
        assertEquals(0, ping.createdAllocations() + pong.createdAllocations());

        alice.close();
        peers.bob().close();
        Eventually.atMost(Resources::udpSockets, udpBefore, Duration.ofSeconds(10), () -> "UDP sockets");
    }

    @Test
    void aSecondRedirectIsNotFollowed() throws Exception {
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK)
                .addTurnServer(twice.turnServer()).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(twice.turnServer().toString(), failed.server(), "named as configured");
        assertEquals("TURN redirect loop: redirected again, to " + hostPort(pong) + ", after " + hostPort(twice)
                + " then " + hostPort(ping) + "; one redirect is followed (Allocate)", failed.reason());
        assertTrue(local.candidates().stream().noneMatch(c -> c.type() == CandidateType.RELAY), local.toString());
        assertEquals(0, twice.createdAllocations() + ping.createdAllocations() + pong.createdAllocations());
    }

    @Test
    void aRedirectToAServerAlsoConfiguredIsNotFollowedFromThePortThatAlreadyAsksIt() throws Exception {
        // RFC 8656 §2.2: one allocation per 5-tuple; the second server is asked directly already.
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK)
                .addTurnServer(first.turnServer()).addTurnServer(second.turnServer()).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(first.turnServer().toString(), failed.server());
        assertEquals("300 Try Alternate to " + second.turnServer().uri()
                + ", a server this port already asks for an allocation", failed.reason());
        assertEquals(2, local.candidates().stream().filter(c -> c.type() == CandidateType.RELAY).count(),
                "the second server's relays, RTP and RTCP: " + local);
        for (TurnAllocated grant : aliceEvents.ofType(TurnAllocated.class)) {
            assertEquals(second.turnServer().toString(), grant.server());
        }
    }

    private static String hostPort(Coturn coturn) {
        return coturn.address().getAddress().getHostAddress() + ":" + coturn.address().getPort();
    }
}

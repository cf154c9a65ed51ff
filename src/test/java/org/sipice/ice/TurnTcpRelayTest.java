package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.ice.IceEvent.TurnRefreshFailed;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;
import org.sipice.testing.TcpProxy;

/**
 * TURN over TCP (RFC 8656 §3.1): relayed candidates whose allocations are made, kept and deleted
 * over a TCP connection to coturn on loopback, and servers that refuse or drop the connection.
 */
class TurnTcpRelayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().tcp());

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();

    private static IceConfig.Builder relayOnlyOverTcp() {
        return IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(coturn.server().tcpTurnServer())
                .relayOnly(true).gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aliceAndBobRelayOverTcpTalkBothWaysAndCoturnForgetsThemWhenTheyHangUp() throws Exception {
        int allocationsBefore = coturn.server().liveAllocations();
        int tcpBefore = Resources.tcpSockets(); // the test runner's own connections, if any
        int threadsBefore = Resources.ownedThreads();
        IceSession alice = peers.alice(relayOnlyOverTcp().build());
        IceSession bob = peers.bob(relayOnlyOverTcp().build());

        IcePeers.connect(alice, bob, DEADLINE);

        assertEquals(tcpBefore + 4, Resources.tcpSockets(), "one connection per allocation (RTP, RTCP) per side");
        for (int component = 1; component <= 2; component++) {
            assertEquals("relay/udp-relay/udp", alice.selectedPair(component).orElseThrow().typeSummary());
        }
        IceStats stats = alice.stats();
        assertEquals(2, stats.localCandidates().size(), "relay-only: one relayed candidate per component");
        for (IceCandidateStats relay : stats.localCandidates()) {
            assertEquals("tcp", relay.relayProtocol(), relay.toString());
            assertEquals("turn:" + coturn.server().address().getAddress().getHostAddress() + ":"
                    + coturn.server().address().getPort() + "?transport=tcp", relay.url());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
        assertEquals(allocationsBefore + 4, coturn.server().liveAllocations(), "two allocations per side");
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();

        alice.close();
        bob.close();

        // RFC 8656 §8: each allocation is deleted over its connection, then the connection closed.
        Eventually.atMost(coturn.server()::liveAllocations, allocationsBefore, Duration.ofSeconds(5),
                () -> "live allocations on coturn");
        assertEquals(deletedBefore + 4, coturn.server().logLinesContaining("lifetime=0").size(),
                "one Refresh(0) each");
        Eventually.atMost(Resources::tcpSockets, tcpBefore, Duration.ofSeconds(10), () -> "TCP sockets");
        Eventually.atMost(Resources::ownedThreads, threadsBefore, Duration.ofSeconds(10),
                () -> "threads: " + Resources.threadNames());
    }

    @Test
    void aTurnServerRefusingTheConnectionIsReportedAtOnce() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket closedAgain = new ServerSocket(0, 1, LOOPBACK)) {
            nobody = (InetSocketAddress) closedAgain.getLocalSocketAddress();
        }
        TurnServer refusing = TurnServer.tcp(nobody, Coturn.USER, Coturn.PASSWORD);
        peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(refusing).build());

        await(peers.alice().gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(refusing.toString(), failed.server());
        assertTrue(failed.reason().startsWith("cannot connect over TCP"), failed.reason());
    }

    @Test
    void aTurnServerDroppingTheConnectionFailsTheAllocationWithThatReason() throws Exception {
        try (ServerSocket dropping = new ServerSocket(0, 4, LOOPBACK)) {
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = dropping.accept()) {
                        // The whole Allocate request is read (nothing left unread: a FIN, not a reset), then the
                        // server hangs up.
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        byte[] header = new byte[20];
                        in.readFully(header);
                        in.readFully(new byte[((header[2] & 0xFF) << 8) | (header[3] & 0xFF)]);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "test-dropping-turn");
            acceptor.start();
            TurnServer server = TurnServer.tcp((InetSocketAddress) dropping.getLocalSocketAddress(), Coturn.USER,
                    Coturn.PASSWORD);
            peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(server).build());

            await(peers.alice().gather(), DEADLINE);

            ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
            assertTrue(failed.reason().contains("TCP connection was closed"), failed.reason());
            List<TurnAllocated> none = aliceEvents.ofType(TurnAllocated.class);
            assertTrue(none.isEmpty(), none.toString());
            acceptor.join(DEADLINE.toMillis());
        }
    }

    @Test
    void aConnectionCutAfterTheAllocationIsATurnRefreshFailedNamingIt() throws Exception {
        try (TcpProxy path = TcpProxy.to(coturn.server().address())) {
            TurnServer viaPath = TurnServer.tcp(path.address(), Coturn.USER, Coturn.PASSWORD);
            peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).addTurnServer(viaPath).build());
            await(peers.alice().gather(), DEADLINE);
            aliceEvents.awaitCount(TurnAllocated.class, 2, DEADLINE);

            path.dropAll();

            List<TurnRefreshFailed> failed = aliceEvents.awaitCount(TurnRefreshFailed.class, 2, DEADLINE);
            for (TurnRefreshFailed f : failed) {
                assertEquals(viaPath.toString(), f.server());
                assertEquals("the TCP connection was closed by the server or the network", f.reason());
            }
        }
    }
}

package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.ice.internal.engine.turn.TextDatagrams.send;
import static org.sipice.testing.Await.await;
import static org.sipice.testing.Await.awaitFailure;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.ice4j.message.MessageFactory;
import org.sipice.ice.TurnServer;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.UdpPorts;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.testing.Coturn;
import org.sipice.testing.Eventually;

/**
 * The TURN client against a real coturn on loopback, on the shared event loops: allocation,
 * datagrams relayed both ways (Send and Data indications, then ChannelData), a refresh that
 * really happens (allocations last {@value #LIFETIME_S} s, nonces go stale after
 * {@value #STALE_NONCE_S} s so the refresh meets a 438), and deletion on close.
 */
class TurnClientCoturnTest {
    private static final int LIFETIME_S = 4;
    private static final int STALE_NONCE_S = 1;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Coturn coturn;

    /** Types seen on the wire between the host port and coturn: STUN message types, or "ChannelData". */
    private final List<String> toServer = new CopyOnWriteArrayList<>();
    private final List<String> fromServer = new CopyOnWriteArrayList<>();
    private final List<IceEvent> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> relayed = new LinkedBlockingQueue<>();
    private DatagramPort host;
    private TurnClient turn;

    @BeforeAll
    static void startCoturnAndWarmUp() throws Exception {
        // ice4j's first Message.encode loads its configuration (AgentConfig) and the first port
        // starts the loops and loads Netty's native transport: seconds on a busy machine, which
        // the first Allocate's deadline must not pay.
        TurnClientInputTest.withId(MessageFactory.createRefreshRequest());
        await(UdpPorts.bind(IceLoop.shared(), (LoopScheduler) IceLoop.shared().scheduler(),
                new InetSocketAddress(LOOPBACK, 0), (port, data, length, from) -> { }), Duration.ofSeconds(30)).close();
        coturn = Coturn.settings().maxAllocateLifetime(LIFETIME_S).staleNonce(STALE_NONCE_S).start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @AfterEach
    void closeTheClient() {
        if (turn != null) {
            turn.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private TurnClient client(TurnServer server) throws Exception {
        LoopScheduler loop = (LoopScheduler) IceLoop.shared().scheduler();
        StunTransactions transactions = new StunTransactions(loop);
        TurnClient[] self = new TurnClient[1];
        DatagramPort bound = await(UdpPorts.bind(IceLoop.shared(), loop, new InetSocketAddress(LOOPBACK, 0),
                (port, data, length, from) -> {
                    fromServer.add(kind(data));
                    self[0].onPacket(data, length, from);
                }), DEADLINE);
        host = new DatagramPort() { // records what goes to the server
            @Override
            public InetSocketAddress localAddress() {
                return bound.localAddress();
            }

            @Override
            public void send(byte[] data, int offset, int length, InetSocketAddress to) {
                toServer.add(kind(java.util.Arrays.copyOfRange(data, offset, offset + length)));
                bound.send(data, offset, length, to);
            }

            @Override
            public boolean isOpen() {
                return bound.isOpen();
            }

            @Override
            public void close() {
                bound.close();
            }
        };
        self[0] = new TurnClient(loop, transactions, host, server, 1, events::add,
                (port, data, length, from) -> relayed.add(new String(data, 0, length, StandardCharsets.UTF_8)
                        + " from " + from.getPort() + (port == self[0].relayedPort() ? "" : " on another port")));
        return self[0];
    }

    private static String kind(byte[] data) {
        if ((data[0] & 0xC0) == 0x40) {
            return "ChannelData";
        }
        return String.format("0x%04x", ((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
    }

    private static List<String> after(List<String> wire, int index) {
        return List.copyOf(wire.subList(index, wire.size()));
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8) + " from " + p.getPort();
    }

    @Test
    void relaysBothWaysRefreshesForRealAndCloseDeletesTheAllocation() throws Exception {
        int deletionsBefore = coturn.logLinesContaining("lifetime=0").size();
        turn = client(coturn.turnServer());
        TurnAllocation allocation = await(turn.allocate(), DEADLINE);

        assertEquals(LOOPBACK, allocation.relayed().getAddress());
        assertEquals(host.localAddress(), allocation.mapped());
        assertEquals(Duration.ofSeconds(LIFETIME_S), allocation.lifetime());
        assertEquals(List.of("0x0003", "0x0003"), toServer, "Allocate, challenged, then with credentials");
        int relayPort = allocation.relayed().getPort();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket otherPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout((int) DEADLINE.toMillis());
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

            // The first datagram goes in a Send indication (0x0016), with CreatePermission and ChannelBind.
            send(turn.relayedPort(), "one", peerAddress);
            assertEquals("one from " + relayPort, receive(peer));
            assertEquals(List.of("0x0008", "0x0009", "0x0016"), toServer.subList(2, 5));
            Eventually.atLeast(() -> fromServer.contains("0x0109") ? 1 : 0, 1, DEADLINE, () -> "ChannelBind success");

            // Bound: ChannelData both ways.
            int sentBefore = toServer.size();
            send(turn.relayedPort(), "two", peerAddress);
            assertEquals("two from " + relayPort, receive(peer));
            assertTrue(after(toServer, sentBefore).contains("ChannelData"), toServer::toString);
            assertFalse(after(toServer, sentBefore).contains("0x0016"), toServer::toString);
            int receivedBefore = fromServer.size();
            send(peer, "pong", allocation.relayed());
            assertEquals("pong from " + peerAddress.getPort(), relayed.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(after(fromServer, receivedBefore).contains("ChannelData"), fromServer::toString);

            // A peer on the permitted address with no channel comes in a Data indication (0x0017).
            receivedBefore = fromServer.size();
            send(otherPeer, "indicated", allocation.relayed());
            assertEquals("indicated from " + otherPeer.getLocalPort(),
                    relayed.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(after(fromServer, receivedBefore).contains("0x0017"), fromServer::toString);
        }

        // Refreshed at half of the 4 s lifetime; the 1 s nonce is stale by then (438, retried).
        Eventually.atLeast(() -> (int) events.stream().filter(e -> e instanceof IceEvent.TurnRefreshed).count(), 1,
                DEADLINE, events::toString);
        assertTrue(coturn.refreshes() >= 1, "coturn saw no refresh");
        assertTrue(coturn.logLinesContaining("error 438").size() >= 1, "no stale nonce was met");
        assertTrue(events.stream().noneMatch(e -> e instanceof IceEvent.TurnRefreshFailed), events.toString());
        IceEvent.TurnAllocated allocated = assertInstanceOf(IceEvent.TurnAllocated.class, events.get(0));
        assertEquals(coturn.turnServer().toString(), allocated.server());
        assertEquals(relayPort, allocated.relayed().port());

        turn.close();

        Eventually.atMost(coturn::liveAllocations, 0, DEADLINE, () -> "live allocations on coturn");
        assertEquals(deletionsBefore + 1, coturn.logLinesContaining("lifetime=0").size(), "deleted, not expired");
    }

    @Test
    void aWrongPasswordFailsTheAllocationWithWrongTurnCredentials() throws Exception {
        turn = client(coturn.turnServer("not-the-password"));
        TurnException failure = assertInstanceOf(TurnException.class, awaitFailure(turn.allocate(), DEADLINE));
        assertEquals(401, failure.code());
        assertTrue(failure.reason().startsWith("401 Unauthorized: wrong TURN credentials for user 'alice'"),
                failure.reason());
        assertNotNull(failure.getMessage());
        assertEquals(List.of("0x0003", "0x0003"), toServer);
        assertSame(null, turn.relayedPort().localAddress());
    }
}

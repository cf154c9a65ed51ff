package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.sipice.ice.internal.engine.turn.TextDatagrams.send;
import static org.sipice.testing.Await.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent;
import org.sipice.ice.TurnServer;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.UdpPorts;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.Eventually;

/**
 * IPv6 relays from a real coturn listening and relaying on 127.0.0.1 and ::1 (RFC 8656 §7.1):
 * REQUESTED-ADDRESS-FAMILY over IPv6, and a dual allocation (ADDITIONAL-ADDRESS-FAMILY) whose
 * second relayed address carries datagrams to and from an IPv6 peer.
 */
class TurnClientDualStackTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().dualStack());

    private final BlockingQueue<String> relayed = new LinkedBlockingQueue<>();
    private final List<IceEvent> events = new CopyOnWriteArrayList<>();
    private DatagramPort host;
    private TurnClient turn;

    @AfterEach
    void closeTheClient() {
        if (turn != null) {
            turn.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private TurnClient client(InetAddress local, TurnServer server) throws Exception {
        LoopScheduler loop = (LoopScheduler) IceLoop.shared().scheduler();
        TurnClient[] self = new TurnClient[1];
        host = await(UdpPorts.bind(IceLoop.shared(), loop, new InetSocketAddress(local, 0),
                (port, data, length, from) -> self[0].onPacket(data, length, from)), DEADLINE);
        self[0] = new TurnClient(loop, new StunTransactions(loop), host, server, 1, events::add,
                (port, data, length, from) -> relayed.add(new String(data, 0, length, StandardCharsets.UTF_8)
                        + (port == self[0].additionalRelayedPort() ? " on the additional port"
                                : port == self[0].relayedPort() ? " on the first port" : " on another port")));
        return self[0];
    }

    @Test
    void anIpv6ClientAsksForAnIpv6RelayAndGetsOne() throws Exception {
        turn = client(coturn.server().address6().getAddress(), coturn.server().turnServer6());

        TurnAllocation allocation = await(turn.allocate(RelayFamilies.IPV6), DEADLINE);

        assertInstanceOf(Inet6Address.class, allocation.relayed().getAddress(), allocation.toString());
        assertEquals(host.localAddress(), allocation.mapped());
        assertNull(allocation.additional());
        assertSame(null, turn.additionalRelayedPort().localAddress());
    }

    @Test
    void aDualAllocationRelaysForAnIpv4AndAnIpv6PeerFromItsTwoAddresses() throws Exception {
        turn = client(V4, coturn.server().turnServer());

        TurnAllocation allocation = await(turn.allocate(RelayFamilies.BOTH), DEADLINE);

        // RFC 8656 §7.3: two XOR-RELAYED-ADDRESS, one per family.
        assertInstanceOf(Inet4Address.class, allocation.relayed().getAddress(), allocation.toString());
        assertInstanceOf(Inet6Address.class, allocation.additional().getAddress(), allocation.toString());
        assertEquals(allocation.additional(), turn.additionalRelayedPort().localAddress());
        Eventually.atLeast(events::size, 2, DEADLINE, events::toString);
        assertEquals(List.of(allocation.relayed().getPort(), allocation.additional().getPort()),
                events.stream().map(e -> ((IceEvent.TurnAllocated) e).relayed().port()).toList(),
                "one TurnAllocated per relayed address");
        try (DatagramSocket peer4 = new DatagramSocket(new InetSocketAddress(V4, 0));
                DatagramSocket peer6 = new DatagramSocket(
                        new InetSocketAddress(coturn.server().address6().getAddress(), 0))) {
            peer4.setSoTimeout((int) DEADLINE.toMillis());
            peer6.setSoTimeout((int) DEADLINE.toMillis());
            InetSocketAddress to6 = (InetSocketAddress) peer6.getLocalSocketAddress();
            InetSocketAddress to4 = (InetSocketAddress) peer4.getLocalSocketAddress();

            send(turn.additionalRelayedPort(), "hello six", to6);
            assertEquals("hello six from " + allocation.additional(), receive(peer6));
            send(turn.relayedPort(), "hello four", to4);
            assertEquals("hello four from " + allocation.relayed(), receive(peer4));

            send(peer6, "back over six", allocation.additional());
            assertEquals("back over six on the additional port", relayed.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            send(peer4, "back over four", allocation.relayed());
            assertEquals("back over four on the first port", relayed.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aServerWithoutIpv6RelaysGrantsTheIpv4HalfOfADualAllocation() throws Exception {
        try (Coturn v4Only = Coturn.start()) {
            turn = client(V4, v4Only.turnServer());

            TurnAllocation allocation = await(turn.allocate(RelayFamilies.BOTH), DEADLINE);

            // RFC 8656 §7.3: the IPv4 relayed address alone, and ADDRESS-ERROR-CODE for IPv6 (coturn
            // sends it under its draft-era code point 0x8033); no additional port.
            assertInstanceOf(Inet4Address.class, allocation.relayed().getAddress(), allocation.toString());
            assertNull(allocation.additional());
            assertEquals("IPv6: 440 Address Family not Supported", allocation.refused());
            assertFalse(turn.additionalRelayedPort().isOpen());
            assertTrue(turn.relayedPort().isOpen());
        }
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8) + " from "
                + new InetSocketAddress(p.getAddress(), p.getPort());
    }
}

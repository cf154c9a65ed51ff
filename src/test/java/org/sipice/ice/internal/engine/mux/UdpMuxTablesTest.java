package org.sipice.ice.internal.engine.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/** The mux's tables stay bounded: closed views leave nothing behind, old transactions expire. */
class UdpMuxTablesTest {

    private static byte[] bindingRequest() throws Exception {
        Request r = MessageFactory.createBindingRequest();
        r.setTransactionID(TransactionId.random().bytes());
        return StunCodec.encode(r, null, true);
    }

    @Test
    void tenThousandSessionsRegisteredUsedAndClosedLeaveTheTablesEmpty() throws Exception {
        UdpMux mux = await(UdpMux.open(IceLoop.shared(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                Duration.ofSeconds(5));
        Scheduler scheduler = IceLoop.shared().scheduler();
        try (DatagramSocket nowhere = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress server = (InetSocketAddress) nowhere.getLocalSocketAddress();
            byte[] request = bindingRequest();
            for (int i = 0; i < 10_000; i++) {
                MuxedPort port = mux.register(String.format("leg%05d", i), scheduler, (p, d, l, f) -> { });
                System.arraycopy(TransactionId.random().bytes(), 0, request, 8, 12); // RFC 8489 §5
                port.send(request, 0, request.length, server); // a new request, never answered
                assertTrue(port.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 10_000 + i % 50_000)));
                port.close();
                assertFalse(port.isOpen());
                assertFalse(port.bind(server), "a closed view binds nothing");
            }
            assertEquals(0, mux.sessions());
            assertEquals(0, mux.associations());
            assertEquals(0, mux.pendingTransactions());
            assertTrue(mux.isOpen(), "the shared port stays open for the next sessions");
        } finally {
            mux.close();
        }
    }

    @Test
    void aRequestNeverAnsweredIsForgottenAfterFortySecondsAndItsLateAnswerDropped() throws Exception {
        FakeScheduler time = new FakeScheduler();
        FakeNetwork net = new FakeNetwork(time);
        InetSocketAddress muxAddress = new InetSocketAddress("192.0.2.1", 3478);
        InetSocketAddress serverAddress = new InetSocketAddress("198.51.100.7", 3478);
        UdpMux mux = UdpMux.over(time, receiver -> net.open(muxAddress, receiver));
        int[] delivered = new int[1];
        MuxedPort port = mux.register("dave01", time, (p, d, l, f) -> delivered[0]++);
        byte[][] request = new byte[1][];
        var server = net.open(serverAddress, (p, data, length, from) -> request[0] = data);

        byte[] bytes = bindingRequest();
        port.send(bytes, 0, bytes.length, serverAddress);
        time.advance(Duration.ofSeconds(1));
        assertEquals(1, mux.pendingTransactions());

        time.advance(TransactionRoutes.LIFETIME.plus(UdpMux.SWEEP_INTERVAL));
        assertEquals(0, mux.pendingTransactions(), "swept");
        byte[] lateAnswer = request[0].clone();
        lateAnswer[0] = 0x01; // 0x0101: Binding success response, same transaction id
        server.send(lateAnswer, 0, lateAnswer.length, muxAddress);
        time.advance(Duration.ofSeconds(1));
        assertEquals(0, delivered[0]);
        assertEquals(1, mux.dropped());
        mux.close();
        assertFalse(port.isOpen());
        assertEquals(0, net.openPorts() - 1, "the shared port closed with the mux; the server's remains");
    }

    @Test
    void aUfragIsOneSessionsAndMalformedOnesAreRefused() {
        FakeScheduler time = new FakeScheduler();
        FakeNetwork net = new FakeNetwork(time);
        UdpMux mux = UdpMux.over(time, receiver -> net.open(new InetSocketAddress("192.0.2.1", 3478), receiver));
        MuxedPort first = mux.register("erin01", time, (p, d, l, f) -> { });
        assertThrows(IllegalArgumentException.class, () -> mux.register("erin01", time, (p, d, l, f) -> { }));
        assertThrows(IllegalArgumentException.class, () -> mux.register("a:b1", time, (p, d, l, f) -> { }));
        assertThrows(IllegalArgumentException.class, () -> mux.register("abc", time, (p, d, l, f) -> { }));
        first.close();
        first.close(); // idempotent
        mux.register("erin01", time, (p, d, l, f) -> { }).close(); // free again once closed
        mux.close();
        assertThrows(IllegalStateException.class, () -> mux.register("erin02", time, (p, d, l, f) -> { }));
    }
}

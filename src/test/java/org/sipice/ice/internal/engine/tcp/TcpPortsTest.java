package org.sipice.ice.internal.engine.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.testing.Eventually;
import org.sipice.testing.Resources;

/**
 * An active and a passive host TCP candidate on loopback (RFC 6544 §7): the active one connects
 * on its first packet, the passive one learns the 5-tuple and answers on that connection; every
 * packet arrives whole (RFC 4571); close releases the listening socket and the connections.
 */
class TcpPortsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private record Arrival(DatagramPort port, byte[] data, InetSocketAddress from) {
    }

    private static PacketReceiver into(BlockingQueue<Arrival> queue) {
        return (port, data, length, from) -> queue.add(new Arrival(port, java.util.Arrays.copyOf(data, length), from));
    }

    private static Arrival next(BlockingQueue<Arrival> queue) throws InterruptedException {
        Arrival a = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new AssertionError("nothing arrived within " + DEADLINE);
        }
        return a;
    }

    private static int onLoop(LoopScheduler loop, java.util.function.IntSupplier value) throws Exception {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(value.getAsInt()));
        return await(f, DEADLINE);
    }

    @Test
    void theActiveCandidateConnectsAndThePassiveOneAnswersOnTheConnectionItAccepted() throws Exception {
        int tcpBefore = Resources.tcpSockets();
        IceLoop loops = IceLoop.shared();
        LoopScheduler aliceLoop = (LoopScheduler) loops.scheduler();
        LoopScheduler bobLoop = (LoopScheduler) loops.scheduler();
        BlockingQueue<Arrival> atAlice = new LinkedBlockingQueue<>();
        BlockingQueue<Arrival> atBob = new LinkedBlockingQueue<>();

        DatagramPort active = TcpPorts.active(loops, aliceLoop, LOOPBACK, into(atAlice), (p, r) -> { });
        DatagramPort passive = await(TcpPorts.passive(loops, bobLoop, LOOPBACK, into(atBob)), DEADLINE);
        assertEquals(9, active.localAddress().getPort()); // RFC 6544 §4.5
        InetSocketAddress bobAddress = passive.localAddress();

        // Alice's check opens the connection; two packets, the second as large as media gets.
        byte[] check = "check".getBytes();
        byte[] media = new byte[1400];
        media[1399] = 42;
        active.send(check, 0, check.length, bobAddress);
        active.send(media, 0, media.length, bobAddress);
        Arrival first = next(atBob);
        assertArrayEquals(check, first.data());
        assertArrayEquals(media, next(atBob).data());
        InetSocketAddress alice = first.from();
        assertEquals(LOOPBACK, alice.getAddress());
        assertNotEquals(9, alice.getPort()); // an ephemeral port, not the signalled 9

        // Bob answers to the address he learnt: on the same connection.
        byte[] answer = "answer".getBytes();
        passive.send(answer, 0, answer.length, alice);
        Arrival back = next(atAlice);
        assertArrayEquals(answer, back.data());
        assertEquals(bobAddress, back.from());
        assertEquals(1, onLoop(aliceLoop, () -> TcpPorts.connections(active)));
        assertEquals(1, onLoop(bobLoop, () -> TcpPorts.connections(passive)));

        // A passive candidate never connects (RFC 6544 §6.2): nothing goes to an address it has no connection from.
        passive.send(answer, 0, answer.length, new InetSocketAddress(LOOPBACK, 9));
        assertEquals(1, onLoop(bobLoop, () -> TcpPorts.connections(passive)));
        assertNull(atAlice.poll(100, TimeUnit.MILLISECONDS));

        active.close();
        passive.close();
        Eventually.atMost(Resources::tcpSockets, tcpBefore, DEADLINE, () -> "TCP sockets after close");
        assertEquals(0, onLoop(bobLoop, () -> TcpPorts.connections(passive)));
    }

    @Test
    void aConnectionThatCannotBeMadeIsReportedOnceAndForgotten() throws Exception {
        IceLoop loops = IceLoop.shared();
        LoopScheduler aliceLoop = (LoopScheduler) loops.scheduler();
        InetSocketAddress nobody;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, LOOPBACK)) {
            nobody = (InetSocketAddress) closed.getLocalSocketAddress();
        }
        BlockingQueue<InetSocketAddress> unreachable = new LinkedBlockingQueue<>();
        DatagramPort active = TcpPorts.active(loops, aliceLoop, LOOPBACK, (p, d, l, f) -> { },
                (port, remote) -> unreachable.add(remote));
        try {
            byte[] check = {1};
            active.send(check, 0, 1, nobody);
            // RFC 6544 §7.1: the refused connection fails the check, reported once.
            assertEquals(nobody, unreachable.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(0, onLoop(aliceLoop, () -> TcpPorts.connections(active)));
            assertNull(unreachable.poll(100, TimeUnit.MILLISECONDS));
        } finally {
            active.close();
        }
    }

    @Test
    void aConnectionThePeerClosedIsForgottenAndANewOneIsAccepted() throws Exception {
        IceLoop loops = IceLoop.shared();
        LoopScheduler aliceLoop = (LoopScheduler) loops.scheduler();
        LoopScheduler bobLoop = (LoopScheduler) loops.scheduler();
        BlockingQueue<Arrival> atBob = new LinkedBlockingQueue<>();
        DatagramPort active = TcpPorts.active(loops, aliceLoop, LOOPBACK, (p, d, l, f) -> { }, (p, r) -> { });
        DatagramPort passive = await(TcpPorts.passive(loops, bobLoop, LOOPBACK, into(atBob)), DEADLINE);
        try {
            byte[] one = {1};
            active.send(one, 0, 1, passive.localAddress());
            next(atBob);
            active.close();
            Eventually.atMost(() -> {
                try {
                    return onLoop(bobLoop, () -> TcpPorts.connections(passive));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, DEADLINE, () -> "Bob's connections after Alice closed");

            DatagramPort again = TcpPorts.active(loops, aliceLoop, LOOPBACK, (p, d, l, f) -> { }, (p, r) -> { });
            again.send(one, 0, 1, passive.localAddress());
            assertArrayEquals(one, next(atBob).data());
            again.close();
        } finally {
            passive.close();
        }
    }
}

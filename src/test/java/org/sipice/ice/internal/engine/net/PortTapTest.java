package org.sipice.ice.internal.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;

/**
 * The wire tap tests observe the engine through: it sees both directions of every port bound while
 * it is installed, may lose datagrams, hands the receiver the tapped port, and leaves ports bound
 * without it untouched.
 */
class PortTapTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Records "send a->b text" and "receive at b from a text"; loses what starts with "lose". */
    private static final class Recorder implements PortTap {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length) {
            String text = new String(data, offset, length, StandardCharsets.US_ASCII);
            seen.add("send " + local.getPort() + ">" + to.getPort() + " " + text);
            return !text.startsWith("lose");
        }

        @Override
        public boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] data, int length) {
            seen.add("receive " + from.getPort() + ">" + local.getPort() + " "
                    + new String(data, 0, length, StandardCharsets.US_ASCII));
            return true;
        }
    }

    private final Recorder tap = new Recorder();

    @AfterEach
    void remove() {
        PortTap.remove(tap);
    }

    @Test
    void aTappedPortShowsBothDirectionsLosesWhatTheTapDropsAndHandsItselfToTheReceiver() throws Exception {
        IceLoop loops = IceLoop.shared();
        PortTap.install(tap);
        DatagramPort a = await(UdpPorts.bind(loops, (LoopScheduler) loops.scheduler(), ANY, (p, d, l, f) -> { }),
                Duration.ofSeconds(5));
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        DatagramPort[] b = new DatagramPort[1];
        b[0] = await(UdpPorts.bind(loops, (LoopScheduler) loops.scheduler(), ANY, (port, data, length, from) ->
                atB.add((port == b[0]) + " " + new String(data, 0, length, StandardCharsets.US_ASCII))),
                Duration.ofSeconds(5));
        int pa = a.localAddress().getPort();
        int pb = b[0].localAddress().getPort();

        a.send("lose me".getBytes(StandardCharsets.US_ASCII), 0, 7, b[0].localAddress());
        byte[] hello = "xxhello".getBytes(StandardCharsets.US_ASCII);
        a.send(hello, 2, 5, b[0].localAddress());

        assertEquals("true hello", atB.poll(5, TimeUnit.SECONDS), "the receiver is handed the tapped port");
        assertEquals(List.of("send " + pa + ">" + pb + " lose me", "send " + pa + ">" + pb + " hello",
                "receive " + pa + ">" + pb + " hello"), tap.seen);
        assertNull(atB.poll(50, TimeUnit.MILLISECONDS), "the lost datagram never arrived");
        a.close();
        b[0].close();
    }

    @Test
    void withoutATapThePortIsThePlainOneAndARemovedTapSeesNothingMore() throws Exception {
        IceLoop loops = IceLoop.shared();
        PortTap.install(tap);
        PortTap.remove(tap);
        assertNull(PortTap.installed());
        DatagramPort plain = await(UdpPorts.bind(loops, (LoopScheduler) loops.scheduler(), ANY, (p, d, l, f) -> { }),
                Duration.ofSeconds(5));
        try {
            assertFalse(plain instanceof TappedPort, plain.toString());
            plain.send("hi".getBytes(StandardCharsets.US_ASCII), 0, 2, plain.localAddress());
            assertTrue(tap.seen.isEmpty(), tap.seen.toString());
        } finally {
            plain.close();
        }
        PortTap other = new Recorder();
        PortTap.install(other);
        PortTap.remove(tap); // not the installed one: nothing happens
        assertSame(other, PortTap.installed());
        PortTap.remove(other);
    }
}

package org.sipice.ice.internal.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.testing.Eventually;

/** Real UDP on loopback through the shared loops: what is sent arrives, on the session's thread. */
class UdpPortsTest {

    @Test
    void twoPortsOnTheSharedLoopsExchangeDatagramsAndAHundredMorePortsAddNoThread() throws Exception {
        IceLoop loops = IceLoop.shared();
        LoopScheduler a = (LoopScheduler) loops.scheduler();
        LoopScheduler b = (LoopScheduler) loops.scheduler();
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        CompletableFuture<Boolean> onItsLoop = new CompletableFuture<>();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramPort portA = await(UdpPorts.bind(loops, a, any, (p, d, l, f) -> { }), Duration.ofSeconds(5));
        DatagramPort portB = await(UdpPorts.bind(loops, b, any, (p, data, length, from) -> {
            onItsLoop.complete(b.inThread());
            atB.add(new String(data, 0, length, StandardCharsets.US_ASCII) + " from " + from.getPort());
        }), Duration.ofSeconds(5));

        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        portA.send(hello, 0, hello.length, portB.localAddress());
        hello[0] = 'j'; // the port copied it: reusing the array at once is safe

        assertTrue(await(onItsLoop, Duration.ofSeconds(5)));
        assertEquals("hello from " + portA.localAddress().getPort(), atB.poll(5, TimeUnit.SECONDS));

        // Every loop started (they start on first use), then the count must not move.
        for (int i = 0; i < IceLoop.THREADS; i++) {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            loops.scheduler().execute(() -> ran.complete(null));
            await(ran, Duration.ofSeconds(5));
        }
        java.util.Set<String> before = threadNames();
        int threads = before.size();
        DatagramPort[] more = new DatagramPort[100];
        for (int i = 0; i < more.length; i++) {
            more[i] = await(UdpPorts.bind(loops, (LoopScheduler) loops.scheduler(), any, (p, d, l, f) -> { }),
                    Duration.ofSeconds(5));
        }
        java.util.Set<String> after = threadNames();
        after.removeAll(before);
        assertEquals(java.util.Set.of(), after, "a port costs no thread");
        assertTrue(threadNames().size() <= threads);
        for (DatagramPort p : more) {
            p.close();
        }
        portA.close();
        portB.close();
        Eventually.atMost(() -> (portA.isOpen() ? 1 : 0) + (portB.isOpen() ? 1 : 0), 0, Duration.ofSeconds(5),
                () -> "ports still open");
        assertFalse(portA.isOpen());
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        // JUnit's own ForkJoinPool compensates blocked test threads with new workers: not ours.
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool")).forEach(names::add);
        return names;
    }
}

package org.sipice.ice.internal.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.UdpPorts;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Each event loop's first socket, once per process, before the first session uses the loops:
 * a loopback port per loop that sends itself a STUN request and a media-sized datagram, reads
 * both and closes. The first channel, send and read of a loop load and initialise Netty's
 * channel, pipeline and buffer-allocator code on that loop's thread (class loading, the
 * allocator's first chunk and its JFR event type); measured under load, a loop stalled for
 * 100-500 ms there, and every session pinned to it waited: a callee's gathering then missed the
 * 180 ms within which its early answer rides in the 100 Trying (docs/ENGINE.md, "Threads and
 * time"). Bounded by {@link #MAX_WAIT}; on time-out the first sessions are only slower.
 */
final class LoopWarmup {
    private static final Logger LOG = LogManager.getLogger(LoopWarmup.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(2);
    private static final int MEDIA_SIZE = 172;

    private LoopWarmup() {
    }

    private static final class Holder {
        static final int WARMED = run(IceLoop.shared(), MAX_WAIT);
    }

    /**
     * Returns once every shared loop has been warmed (at once after the first call). Called on a
     * loop it does nothing: the loop would wait for itself.
     */
    static int ensure() {
        for (LoopScheduler loop : IceLoop.shared().everyLoop()) {
            if (loop.inThread()) {
                return -1;
            }
        }
        return Holder.WARMED;
    }

    /** Warms each loop of {@code loops}; returns how many had both datagrams back within {@code maxWait}. */
    static int run(IceLoop loops, Duration maxWait) {
        long t0 = System.nanoTime();
        List<LoopScheduler> all = loops.everyLoop();
        CountDownLatch received = new CountDownLatch(2 * all.size());
        List<CountDownLatch> perLoop = new ArrayList<>();
        List<CompletableFuture<DatagramPort>> ports = new ArrayList<>();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        for (LoopScheduler loop : all) {
            CountDownLatch mine = new CountDownLatch(2);
            perLoop.add(mine);
            CompletableFuture<DatagramPort> port = UdpPorts.bind(loops, loop, any, (p, data, length, from) -> {
                mine.countDown();
                received.countDown();
            });
            ports.add(port);
            port.thenAccept(p -> {
                try {
                    Request request = MessageFactory.createBindingRequest();
                    request.setTransactionID(TransactionId.random().bytes());
                    byte[] stun = StunCodec.encode(request, StunCodec.shortTermKey("warmupwarmupwarmupwarmup"), true);
                    p.send(stun, 0, stun.length, p.localAddress());
                    p.send(new byte[MEDIA_SIZE], 0, MEDIA_SIZE, p.localAddress());
                } catch (Exception e) {
                    LOG.debug("loop warm-up could not send: {}", e.toString());
                }
            });
        }
        try {
            received.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int warmed = 0;
        for (int i = 0; i < all.size(); i++) {
            if (perLoop.get(i).getCount() == 0) {
                warmed++;
            }
            ports.get(i).thenAccept(DatagramPort::close);
        }
        LOG.debug("{} of {} event loops warmed in {} ms", warmed, all.size(), (System.nanoTime() - t0) / 1_000_000);
        return warmed;
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Resources;

/**
 * {@code close()} gives back every socket and thread: 20 sessions (10 calls' worth), each
 * completing ICE and carrying a packet, leave the process as they found it.
 */
class IceSessionLeakTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** sipice's shared worker pool ends idle threads after Executors.IDLE_SECONDS (2 s). */
    private static final Duration POOL_IDLE = Duration.ofSeconds(10);


    @Test
    void twentySessionsLeaveNoSocketAndNoThreadBehind() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).build();
        // Warm-up: sipice's process-wide event loops, pools and timers come into being here.
        runPair(config);
        Eventually.atMost(Resources::udpSockets, 0, Duration.ofSeconds(10), () -> "UDP sockets after warm-up");
        int baselineThreads = Resources.threadNames().size();
        int ownedBefore = Resources.ownedThreads();

        for (int i = 0; i < 10; i++) {
            runPair(config);
        }

        Eventually.atMost(Resources::udpSockets, 0, Duration.ofSeconds(10), () -> "UDP sockets");
        Eventually.atMost(Resources::ownedThreads, ownedBefore, Duration.ofSeconds(10),
                () -> "threads: " + Resources.threadNames());
        Eventually.atMost(() -> Resources.threadNames().size(), baselineThreads, POOL_IDLE,
                () -> "threads: " + Resources.threadNames());
    }

    private static void runPair(IceConfig config) throws Exception {
        IceSession a = IceSession.create(config, IceRole.CONTROLLING, null);
        IceSession b = IceSession.create(config, IceRole.CONTROLLED, null);
        try {
            IcePeers.connect(a, b, DEADLINE);
            CountDownLatch got = new CountDownLatch(1);
            b.media().receive((c, data, len, from) -> got.countDown());
            byte[] hello = "hello".getBytes();
            a.media().send(1, hello, 0, hello.length);
            assertTrue(got.await(5, TimeUnit.SECONDS), "media reached the peer");
            assertTrue(Resources.udpSockets() > 0, "sessions hold sockets while alive");
        } finally {
            a.close();
            b.close();
            a.close(); // idempotent
        }
        assertEquals(IceState.CLOSED, a.state());
    }

}

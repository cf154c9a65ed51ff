package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.testing.IcePeers;
import org.sipice.testing.LeakCheck;
import org.sipice.testing.Resources;

/**
 * {@code close()} gives back every socket and thread: 20 sessions (10 calls' worth), each
 * completing ICE and carrying a packet, leave the process as they found it.
 */
class IceSessionLeakTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    @Test
    void twentySessionsLeaveNoSocketAndNoThreadBehind() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).build();
        LeakCheck.leavesNothingBehind(10, () -> runPair(config));
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

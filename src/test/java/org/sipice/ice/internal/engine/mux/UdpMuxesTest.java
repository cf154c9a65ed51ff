package org.sipice.ice.internal.engine.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;

/** One mux per configured address for the whole process; a failed bind is not remembered. */
class UdpMuxesTest {

    @Test
    void everySessionAskingForOneAddressGetsTheSameMuxAndAClosedOneIsReopened() throws Exception {
        // A free port found by the system, then asked for by number, as a profile would.
        InetSocketAddress address;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            address = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        UdpMux first = await(UdpMuxes.shared(IceLoop.shared(), address), Duration.ofSeconds(5));
        try {
            assertSame(first, await(UdpMuxes.shared(IceLoop.shared(), address), Duration.ofSeconds(5)));
            assertEquals(address, first.localAddress());
        } finally {
            first.close();
        }
        // Closed (by its owner, or a test): the next session gets a new one, not the dead one.
        InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpMux once = await(UdpMuxes.shared(IceLoop.shared(), anyPort), Duration.ofSeconds(5));
        assertSame(once, await(UdpMuxes.shared(IceLoop.shared(), anyPort),
                Duration.ofSeconds(5)), "port 0: chosen once");
        once.close();
        UdpMux again = await(UdpMuxes.shared(IceLoop.shared(), anyPort), Duration.ofSeconds(5));
        assertNotSame(once, again);
        assertTrue(again.isOpen());
        again.close();
    }

    @Test
    void anAddressInUseFailsAndIsTriedAgainByTheNextSession() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> UdpMuxes.shared(IceLoop.shared(), address).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().startsWith("cannot bind UDP"), e.getCause().getMessage());
            taken.close();
            UdpMux now = await(UdpMuxes.shared(IceLoop.shared(), address), Duration.ofSeconds(5));
            assertTrue(now.isOpen());
            now.close();
        }
    }
}

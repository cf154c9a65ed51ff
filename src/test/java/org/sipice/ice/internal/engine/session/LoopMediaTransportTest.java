package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * A generation's media before its application has installed a handler: the peer completes first
 * and sends at once (after a restart the new generation's handler comes with its completion
 * event, on another thread). What arrives meanwhile waits, as in a socket's receive buffer, and
 * reaches the handler first, in order (RFC 8445 §12.2).
 */
class LoopMediaTransportTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50000);

    private final FakeScheduler loop = new FakeScheduler();
    private final LoopMediaTransport media = new LoopMediaTransport("test", loop, 2);
    private final List<String> received = new ArrayList<>();

    @Test
    void datagramsThatArriveBeforeTheHandlerReachItFirstAndInOrder() {
        arrive(1, "rtp 1");
        arrive(2, "rtcp 1");
        media.receive((c, data, len, from) -> received.add(c + " " + new String(data, 0, len, StandardCharsets.US_ASCII)));
        arrive(1, "rtp 2");

        assertEquals(List.of("1 rtp 1", "2 rtcp 1", "1 rtp 2"), received);
    }

    @Test
    void atMostABoundedNumberWaitsTheRestIsDroppedAsAFullSocketBufferWould() {
        for (int i = 0; i < LoopMediaTransport.HELD_BEFORE_HANDLER + 10; i++) {
            arrive(1, "rtp " + i);
        }
        media.receive((c, data, len, from) -> received.add(new String(data, 0, len, StandardCharsets.US_ASCII)));

        assertEquals(LoopMediaTransport.HELD_BEFORE_HANDLER, received.size());
        assertEquals("rtp 0", received.get(0));
        assertEquals("rtp " + (LoopMediaTransport.HELD_BEFORE_HANDLER - 1), received.get(received.size() - 1));
    }

    @Test
    void nothingHeldReachesAHandlerAfterClose() {
        arrive(1, "rtp 1");
        media.close();
        loop.runPending();
        media.receive((c, data, len, from) -> received.add("late"));
        arrive(1, "rtp 2");

        assertEquals(List.of(), received);
    }

    private void arrive(int component, String text) {
        byte[] datagram = (text + "      padding").getBytes(StandardCharsets.US_ASCII);
        media.deliver(component, datagram, text.length(), PEER);
    }
}

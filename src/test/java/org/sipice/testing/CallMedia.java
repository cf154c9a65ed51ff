package org.sipice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;

/** RTP both ways between two established calls (component 1) plus one RTCP-sized datagram (component 2). */
public final class CallMedia {
    private CallMedia() {
    }

    /** Sends {@code packets} RTP packets each way and waits, up to {@code timeout}, for all of them. */
    public static void exchange(Call alice, Call bob, int packets, Duration timeout) throws Exception {
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        Set<Integer> atAlice = ConcurrentHashMap.newKeySet();
        CountDownLatch bobDone = new CountDownLatch(packets + 1);
        CountDownLatch aliceDone = new CountDownLatch(packets + 1);
        bob.media().receive((c, data, len, from) -> {
            if (c == 1 && atBob.add(RtpPacket.sequence(data)) || c == 2) {
                bobDone.countDown();
            }
        });
        alice.media().receive((c, data, len, from) -> {
            if (c == 1 && atAlice.add(RtpPacket.sequence(data)) || c == 2) {
                aliceDone.countDown();
            }
        });
        byte[] silence = new byte[160];
        for (int i = 0; i < packets; i++) {
            byte[] a = RtpPacket.packet(0, i, i * 160L, 0xA11CEL, silence);
            byte[] b = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            alice.media().send(1, a, 0, a.length);
            bob.media().send(1, b, 0, b.length);
        }
        byte[] rtcp = new byte[28];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 200;
        alice.media().send(2, rtcp, 0, rtcp.length);
        bob.media().send(2, rtcp, 0, rtcp.length);
        assertTrue(bobDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS), "Bob received " + atBob.size() + " RTP packets");
        assertTrue(aliceDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS),
                "Alice received " + atAlice.size() + " RTP packets");
        assertEquals(packets, atBob.size());
        assertEquals(packets, atAlice.size());
    }
}

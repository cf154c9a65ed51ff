package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;

/**
 * RTP on component 1 and RTCP on component 2 between two calls' media, both ways, checked byte
 * for byte at the far end: what one end sent is what the other received.
 */
final class CallMedia {
    private final Map<Integer, byte[]> atB = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> atA = new ConcurrentHashMap<>();
    private volatile CountDownLatch bDone = new CountDownLatch(0);
    private volatile CountDownLatch aDone = new CountDownLatch(0);
    private final Call a;
    private final Call b;

    private CallMedia(Call a, Call b) {
        this.a = a;
        this.b = b;
        b.media().receive((c, data, len, from) -> record(atB, c, data, len, bDone));
        a.media().receive((c, data, len, from) -> record(atA, c, data, len, aDone));
    }

    /** Installs the receivers on both ICE-ready calls (once per call: one handler per transport). */
    static CallMedia between(Call a, Call b) {
        return new CallMedia(a, b);
    }

    private static void record(Map<Integer, byte[]> at, int component, byte[] data, int len, CountDownLatch done) {
        byte[] copy = java.util.Arrays.copyOf(data, len);
        // RTP keyed by sequence number; the RTCP report (component 2) under -1.
        at.put(component == 1 ? RtpPacket.sequence(copy) : -1, copy);
        done.countDown();
    }

    /** Sends {@code packets} RTP packets (sequence numbers from {@code firstSeq}) and one RTCP report each way. */
    void exchange(int firstSeq, int packets) throws Exception {
        bDone = new CountDownLatch(packets + 1);
        aDone = new CountDownLatch(packets + 1);
        byte[][] fromA = new byte[packets][];
        byte[][] fromB = new byte[packets][];
        for (int i = 0; i < packets; i++) {
            byte[] payload = new byte[160];
            java.util.Arrays.fill(payload, (byte) i);
            fromA[i] = RtpPacket.packet(0, firstSeq + i, i * 160L, 0xA11CEL, payload);
            fromB[i] = RtpPacket.packet(0, firstSeq + i, i * 160L, 0xB0BL, payload);
            a.media().send(1, fromA[i], 0, fromA[i].length);
            b.media().send(1, fromB[i], 0, fromB[i].length);
        }
        byte[] rtcp = new byte[28];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 200; // RTCP SR
        a.media().send(2, rtcp, 0, rtcp.length);
        b.media().send(2, rtcp, 0, rtcp.length);
        assertTrue(bDone.await(10, TimeUnit.SECONDS), "B received " + atB.size() + " datagrams");
        assertTrue(aDone.await(10, TimeUnit.SECONDS), "A received " + atA.size() + " datagrams");
        for (int i = 0; i < packets; i++) {
            assertArrayEquals(fromA[i], atB.get(firstSeq + i), "RTP #" + (firstSeq + i) + " A->B");
            assertArrayEquals(fromB[i], atA.get(firstSeq + i), "RTP #" + (firstSeq + i) + " B->A");
        }
        assertArrayEquals(rtcp, atB.get(-1), "RTCP A->B");
        assertArrayEquals(rtcp, atA.get(-1), "RTCP B->A");
    }
}

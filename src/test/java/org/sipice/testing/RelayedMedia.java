package org.sipice.testing;

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
 * for byte at the far end: what one end sent is what the other received, whatever relayed it (a
 * B2BUA) or however the peers were joined (a third-party controller). A call's media takes one
 * receiver for its life, so a call that changes peers (a transfer) keeps one receiver here that
 * feeds whichever RelayedMedia it is in now.
 */
public final class RelayedMedia {
    private final Map<Integer, byte[]> atB = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> atA = new ConcurrentHashMap<>();
    private volatile CountDownLatch bDone = new CountDownLatch(0);
    private volatile CountDownLatch aDone = new CountDownLatch(0);
    private final Call a;
    private final Call b;

    private RelayedMedia(Call a, Call b) {
        this.a = a;
        this.b = b;
        receiver(b).target = (c, data, len) -> record(atB, c, data, len, bDone);
        receiver(a).target = (c, data, len) -> record(atA, c, data, len, aDone);
    }

    /** Where one call's datagrams go now. */
    private static final class Receiver {
        volatile Target target;
    }

    @FunctionalInterface
    private interface Target {
        void packet(int component, byte[] data, int length);
    }

    private static final Map<Call, Receiver> RECEIVERS = new java.util.WeakHashMap<>();

    private static Receiver receiver(Call call) {
        synchronized (RECEIVERS) {
            Receiver r = RECEIVERS.get(call);
            if (r == null) {
                Receiver created = new Receiver();
                call.media().receive((c, data, len, from) -> {
                    Target t = created.target;
                    if (t != null) {
                        t.packet(c, data, len);
                    }
                });
                RECEIVERS.put(call, created);
                r = created;
            }
            return r;
        }
    }

    /** Installs the receivers on both ICE-ready calls (once per call: one handler per transport). */
    public static RelayedMedia between(Call a, Call b) {
        return new RelayedMedia(a, b);
    }

    private static void record(Map<Integer, byte[]> at, int component, byte[] data, int len, CountDownLatch done) {
        byte[] copy = java.util.Arrays.copyOf(data, len);
        // RTP keyed by sequence number; the RTCP report (component 2) under -1.
        at.put(component == 1 ? RtpPacket.sequence(copy) : -1, copy);
        done.countDown();
    }

    /** Sends {@code packets} RTP packets (sequence numbers from {@code firstSeq}) and one RTCP report each way. */
    public void exchange(int firstSeq, int packets) throws Exception {
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

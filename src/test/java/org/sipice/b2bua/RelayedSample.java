package org.sipice.b2bua;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;

/**
 * RTP both ways through the B2BUA on a sample of bridged calls: Alice's and Bob's ends of each
 * call send a 172-byte RTP packet every 20 ms (G.711's pace) on component 1, and count what
 * arrives with the other end's SSRC. Sent, received and send errors are counted per direction.
 */
final class RelayedSample {
    private static final long ALICE_SSRC = 0xA11CEL;
    private static final long BOB_SSRC = 0xB0BL;

    private final List<Call[]> calls;
    private final AtomicLong sentToBob = new AtomicLong();
    private final AtomicLong sentToAlice = new AtomicLong();
    private final AtomicLong atBob = new AtomicLong();
    private final AtomicLong atAlice = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-rtp-sender");
        t.setDaemon(true);
        return t;
    });
    private int seq;

    /** {@code pairs}: each Alice's call with Bob's leg of the same call; installs the receivers. */
    RelayedSample(List<Call[]> pairs) {
        this.calls = new ArrayList<>(pairs);
        for (Call[] pair : calls) {
            pair[0].media().receive((c, data, len, from) -> count(atAlice, data, len, BOB_SSRC));
            pair[1].media().receive((c, data, len, from) -> count(atBob, data, len, ALICE_SSRC));
        }
    }

    private static void count(AtomicLong counter, byte[] data, int len, long ssrc) {
        if (len >= 12 && RtpPacket.ssrc(data) == ssrc) {
            counter.incrementAndGet();
        }
    }

    /** Sends for {@code millis}, then waits up to {@code drainMillis} for the last packets to arrive. */
    void run(long millis, long drainMillis) throws InterruptedException {
        byte[] payload = new byte[160];
        ScheduledFuture<?> task = sender.scheduleAtFixedRate(() -> {
            int s = seq++;
            byte[] fromAlice = RtpPacket.packet(0, s & 0xFFFF, s * 160L, ALICE_SSRC, payload);
            byte[] fromBob = RtpPacket.packet(0, s & 0xFFFF, s * 160L, BOB_SSRC, payload);
            for (Call[] pair : calls) {
                send(pair[0], fromAlice, sentToBob);
                send(pair[1], fromBob, sentToAlice);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        Thread.sleep(millis); // the media window is a measured duration
        task.cancel(false);
        long deadline = System.nanoTime() + drainMillis * 1_000_000;
        Object monitor = new Object();
        while ((atBob.get() < sentToBob.get() || atAlice.get() < sentToAlice.get()) && System.nanoTime() < deadline) {
            synchronized (monitor) {
                monitor.wait(20); // sampling interval of packet counts
            }
        }
        sender.shutdownNow();
    }

    private void send(Call call, byte[] packet, AtomicLong sent) {
        try {
            call.media().send(1, packet, 0, packet.length);
            sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            sendErrors.incrementAndGet();
        }
    }

    long sentToBob() {
        return sentToBob.get();
    }

    long sentToAlice() {
        return sentToAlice.get();
    }

    long atBob() {
        return atBob.get();
    }

    long atAlice() {
        return atAlice.get();
    }

    long sendErrors() {
        return sendErrors.get();
    }

    int calls() {
        return calls.size();
    }
}

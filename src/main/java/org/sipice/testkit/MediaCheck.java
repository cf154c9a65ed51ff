package org.sipice.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;

/**
 * RTP both ways for a while: each side sends a 20 ms PCMU-sized packet (RFC 3551 §4.5.14) on the
 * selected pair of component 1, and counts the distinct sequence numbers that arrive. On loopback
 * nothing is lost, so every packet sent must arrive.
 */
final class MediaCheck {
    /** RFC 3551 §6: payload type 0 is PCMU/8000. */
    private static final int PCMU = 0;
    private static final int FRAME_MS = 20;
    private static final int SAMPLES_PER_FRAME = 160;

    /** What one direction delivered. */
    record Flow(int sent, int received, int sendErrors) {
        boolean complete() {
            return sent > 0 && received == sent && sendErrors == 0;
        }

        @Override
        public String toString() {
            return received + "/" + sent + " packets" + (sendErrors > 0 ? ", " + sendErrors + " send errors" : "");
        }
    }

    /** Both directions. */
    record Result(Flow callerToCallee, Flow calleeToCaller) {
    }

    private MediaCheck() {
    }

    /**
     * Sends for {@code duration} from both sides at once, then waits up to {@code drain} for the
     * last packets to arrive.
     */
    static Result run(Call caller, Call callee, Duration duration, Duration drain) throws InterruptedException {
        int packets = (int) Math.max(1, duration.toMillis() / FRAME_MS);
        Set<Integer> atCallee = ConcurrentHashMap.newKeySet();
        Set<Integer> atCaller = ConcurrentHashMap.newKeySet();
        CountDownLatch calleeGotAll = new CountDownLatch(packets);
        CountDownLatch callerGotAll = new CountDownLatch(packets);
        CountDownLatch sendingDone = new CountDownLatch(1);
        callee.media().receive((component, data, length, from) -> record(component, data, length, atCallee,
                calleeGotAll));
        caller.media().receive((component, data, length, from) -> record(component, data, length, atCaller,
                callerGotAll));
        AtomicInteger callerErrors = new AtomicInteger();
        AtomicInteger calleeErrors = new AtomicInteger();
        AtomicInteger index = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sipice-testkit-media");
            t.setDaemon(true);
            return t;
        });
        try {
            var ticker = timer.scheduleAtFixedRate(() -> {
                int i = index.getAndIncrement();
                if (i < packets) {
                    send(caller, i, 0xA11CEL, callerErrors);
                    send(callee, i, 0xB0BL, calleeErrors);
                } else {
                    sendingDone.countDown();
                }
            }, 0, FRAME_MS, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + duration.plus(drain).toNanos();
            for (CountDownLatch latch : new CountDownLatch[] {sendingDone, calleeGotAll, callerGotAll}) {
                if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            ticker.cancel(false);
        } finally {
            timer.shutdownNow();
        }
        int sent = Math.min(index.get(), packets);
        return new Result(new Flow(sent - callerErrors.get(), atCallee.size(), callerErrors.get()),
                new Flow(sent - calleeErrors.get(), atCaller.size(), calleeErrors.get()));
    }

    private static void record(int component, byte[] data, int length, Set<Integer> into, CountDownLatch latch) {
        // RTP version 2 on component 1, and not RTCP (RFC 5761 §4: types 200-204).
        if (component == 1 && length >= 12 && (data[0] & 0xC0) == 0x80
                && ((data[1] & 0xFF) < 200 || (data[1] & 0xFF) > 204)) {
            if (into.add(RtpPacket.sequence(data))) {
                latch.countDown();
            }
        }
    }

    private static void send(Call call, int i, long ssrc, AtomicInteger errors) {
        byte[] packet = RtpPacket.packet(PCMU, i, (long) i * SAMPLES_PER_FRAME, ssrc, new byte[SAMPLES_PER_FRAME]);
        try {
            call.media().send(1, packet, 0, packet.length);
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
        }
    }
}

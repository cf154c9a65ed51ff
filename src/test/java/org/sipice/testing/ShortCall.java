package org.sipice.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;
import org.sipice.sip.IceUserAgent;

/**
 * The shortest complete call a callee can count as ok: INVITE, ICE, 200 OK and ACK, RTP every
 * 20 ms from us until {@link #PACKETS} RTP packets of the callee arrived and we sent
 * {@link #PACKETS} more after its first (it sends once its ICE is ready, so from then on it
 * counts ours), then our BYE and its 200. Throws {@link AssertionError} naming the step that did not happen within the timeout.
 */
public final class ShortCall {
    /** RTP packets of the callee we wait for before hanging up: its media flows. */
    public static final int PACKETS = 5;

    private ShortCall() {
    }

    /** Calls {@code uri} from {@code ua}; RTP is sent on {@code rtp}; returns the ended call. */
    public static Call run(IceUserAgent ua, String uri, ScheduledExecutorService rtp, Duration timeout)
            throws InterruptedException {
        Call call = ua.call(uri);
        ScheduledFuture<?> sending = null;
        String step = "established";
        try {
            call.established().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            step = "ICE ready";
            call.iceReady().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            CountDownLatch media = new CountDownLatch(PACKETS);
            CountDownLatch sentAfter = new CountDownLatch(PACKETS);
            call.media().receive((component, data, length, from) -> {
                if (component == 1) {
                    media.countDown();
                }
            });
            AtomicInteger seq = new AtomicInteger();
            byte[] silence = new byte[160];
            sending = rtp.scheduleAtFixedRate(() -> {
                int s = seq.getAndIncrement();
                byte[] p = RtpPacket.packet(0, s, s * 160L, 0xA11CEL, silence);
                try {
                    call.media().send(1, p, 0, p.length);
                    if (media.getCount() < PACKETS) {
                        sentAfter.countDown();
                    }
                } catch (Exception e) {
                    // the call is ending
                }
            }, 0, 20, TimeUnit.MILLISECONDS); // RTP packetisation time (RFC 3551 §4.5)
            step = PACKETS + " RTP packets from the callee";
            if (!media.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    || !sentAfter.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(call.id() + ": no " + step + " within " + timeout.toMillis() + " ms");
            }
            step = "ended after our BYE";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(call.id() + ": not " + step + " within " + timeout.toMillis() + " ms: " + e, e);
        } finally {
            if (sending != null) {
                sending.cancel(false);
            }
            call.hangup();
        }
        try {
            call.ended().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(call.id() + ": not " + step + " within " + timeout.toMillis() + " ms", e);
        }
        return call;
    }
}

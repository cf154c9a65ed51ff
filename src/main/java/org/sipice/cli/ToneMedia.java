package org.sipice.cli;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.media.MediaGap;
import org.sipice.media.RtpPacket;
import org.sipice.sip.Call;

/**
 * The softphone's media on a call: an {@link AudioSource} (the 440 Hz {@link TestTone} or a WAV
 * file) as PCMU RTP, one packet every
 * 20 ms on the selected pair of component 1, a count of the RTP packets that arrive and the
 * longest silence between them ({@link MediaGap}). RTCP is neither sent nor counted.
 */
final class ToneMedia {
    /** RFC 3551 §6: payload type 0 is PCMU/8000. */
    static final int PCMU = 0;

    private final Call call;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger sendErrors = new AtomicInteger();
    private final MediaGap gap = new MediaGap();
    private final LongConsumer onFirstPacket;
    private final AudioSource audio;
    private ScheduledFuture<?> ticker;
    private long frame;

    /**
     * @param audio what to play (the test tone or a WAV file)
     * @param onFirstPacket told the arrival time ({@link System#nanoTime()}) of the first RTP packet
     */
    ToneMedia(Call call, AudioSource audio, LongConsumer onFirstPacket) {
        this.call = call;
        this.audio = audio;
        this.onFirstPacket = onFirstPacket;
    }

    /** Starts receiving and sending; call once ICE has a selected pair. */
    synchronized void start() {
        if (ticker != null) {
            return;
        }
        call.media().receive((component, data, length, from) -> {
            if (component == 1 && isRtp(data, length)) {
                long now = System.nanoTime();
                gap.arrived(now);
                if (received.incrementAndGet() == 1) {
                    onFirstPacket.accept(now);
                }
            }
        });
        ticker = Executors.timer().scheduleAtFixedRate(this::sendFrame, 0, TestTone.FRAME_MS, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    private void sendFrame() {
        long index;
        synchronized (this) {
            index = frame++;
        }
        byte[] packet = RtpPacket.packet(PCMU, (int) (index & 0xFFFF), index * TestTone.SAMPLES_PER_FRAME, ssrc,
                audio.frame(index));
        try {
            call.media().send(1, packet, 0, packet.length);
            sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // No selected pair any more (consent lost, call ending): counted, not fatal.
            sendErrors.incrementAndGet();
        }
    }

    /**
     * RTP version 2 and not RTCP: with rtcp-mux both share component 1, and RTCP packet types
     * 200-204 fall where RTP payload types 72-76 would be (RFC 5761 §4).
     */
    static boolean isRtp(byte[] data, int length) {
        if (length < 12 || (data[0] & 0xC0) != 0x80) {
            return false;
        }
        int type = data[1] & 0xFF;
        return type < 200 || type > 204;
    }

    int sent() {
        return sent.get();
    }

    int received() {
        return received.get();
    }

    /** The longest time without RTP from the peer, from its first packet until {@code untilNanos}. */
    long longestGapMillis(long untilNanos) {
        return gap.longestMillis(untilNanos);
    }

    int sendErrors() {
        return sendErrors.get();
    }
}

package org.sipice.cli;

/**
 * A 440 Hz sine as PCMU frames: 8000 samples/s, 20 ms (160 samples) per frame (RFC 3551 §4.5.14),
 * continuous in phase from one frame to the next.
 */
final class TestTone {
    static final int SAMPLE_RATE = 8000;
    static final int FRAME_MS = 20;
    static final int SAMPLES_PER_FRAME = SAMPLE_RATE * FRAME_MS / 1000;
    static final double FREQUENCY_HZ = 440;
    /** About -10 dBFS: clearly audible, far from clipping. */
    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    private TestTone() {
    }

    /** The {@code index}-th frame (0-based) of mu-law coded samples. */
    static byte[] frame(long index) {
        byte[] payload = new byte[SAMPLES_PER_FRAME];
        long first = index * SAMPLES_PER_FRAME;
        for (int i = 0; i < payload.length; i++) {
            double t = (double) (first + i) / SAMPLE_RATE;
            payload[i] = MuLaw.encode((int) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * FREQUENCY_HZ * t)));
        }
        return payload;
    }
}

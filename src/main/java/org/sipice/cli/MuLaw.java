package org.sipice.cli;

/**
 * G.711 mu-law (ITU-T G.711 §3, the PCMU of RFC 3551 §4.5.14): 16-bit linear samples to 8-bit
 * codes and back. The encoder adds the bias 0x84, finds the segment (exponent) from the highest
 * set bit, keeps four mantissa bits and inverts all bits.
 */
final class MuLaw {
    /** The G.711 bias added before segmenting, so that segment boundaries are powers of two. */
    private static final int BIAS = 0x84;
    /** Largest magnitude that still fits segment 7 after the bias. */
    private static final int CLIP = 32635;

    private MuLaw() {
    }

    static byte encode(int sample) {
        int s = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
        int sign = s < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(s), CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static int decode(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = (((u & 0x0F) << 3) + BIAS) << exponent;
        magnitude -= BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }
}

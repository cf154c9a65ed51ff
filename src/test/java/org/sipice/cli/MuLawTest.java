package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** G.711 mu-law against the values every implementation shares, and the tone it carries. */
class MuLawTest {

    @Test
    void silenceAndTheExtremesHaveTheirG711Codes() {
        assertEquals((byte) 0xFF, MuLaw.encode(0));
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE));
        assertEquals((byte) 0xFE, MuLaw.encode(8), "the smallest step above zero");
        assertEquals(0, MuLaw.decode((byte) 0xFF));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
    }

    @Test
    void aRoundTripStaysWithinOneQuantisationStep() {
        for (int s = -32768; s <= 32767; s += 7) {
            int back = MuLaw.decode(MuLaw.encode(s));
            // Segment n has steps of 2^(n+3); the error is at most one step.
            int step = 1 << (3 + segment(Math.min(Math.abs(s), 32635)));
            assertTrue(Math.abs(back - s) <= step, s + " came back as " + back);
            assertTrue(Integer.signum(back) * Integer.signum(s) >= 0, "sign of " + s);
        }
    }

    @Test
    void theTestToneIsA440HzSineContinuousAcrossFrames() {
        byte[] first = TestTone.frame(0);
        byte[] second = TestTone.frame(1);
        assertEquals(160, first.length, "20 ms at 8 kHz");
        int[] samples = new int[320];
        for (int i = 0; i < 160; i++) {
            samples[i] = MuLaw.decode(first[i]);
            samples[160 + i] = MuLaw.decode(second[i]);
        }
        // 440 Hz over 40 ms: 17.6 periods, so 17 or 18 rising zero crossings.
        int crossings = 0;
        for (int i = 1; i < samples.length; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                crossings++;
            }
        }
        assertTrue(crossings >= 17 && crossings <= 18, "rising zero crossings in 40 ms: " + crossings);
        int peak = 0;
        for (int s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertTrue(peak > 9000 && peak < 11000, "about -10 dBFS: " + peak);
    }

    private static int segment(int magnitude) {
        int biased = magnitude + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (biased & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        return exponent;
    }
}

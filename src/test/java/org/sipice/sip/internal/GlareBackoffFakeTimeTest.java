package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * The retry after a 491 on fake time (RFC 3261 §14.1): the caller, who owns the Call-ID, re-offers
 * 2.1-4 s later, the callee 0-2 s later, in steps of 10 ms; so after glare the callee's retry
 * always goes first and the two cannot collide again.
 */
class GlareBackoffFakeTimeTest {
    private final FakeScheduler time = new FakeScheduler();
    private final List<String> sent = new ArrayList<>();

    @Test
    void theCallerRetriesNotBefore2100MsAndBy4s() {
        RandomGenerator lowest = fixed(210);
        Duration wait = GlareBackoff.schedule(time, Runnable::run, true, lowest, () -> sent.add("re-INVITE"));
        assertEquals(Duration.ofMillis(2100), wait);
        time.advance(Duration.ofMillis(2099));
        assertEquals(List.of(), sent);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("re-INVITE"), sent);

        Duration longest = GlareBackoff.schedule(time, Runnable::run, true, fixed(400), () -> sent.add("again"));
        assertEquals(Duration.ofSeconds(4), longest);
        time.advance(Duration.ofSeconds(4));
        assertEquals(List.of("re-INVITE", "again"), sent);
    }

    @Test
    void theCalleeRetriesWithin2s() {
        GlareBackoff.schedule(time, Runnable::run, false, fixed(200), () -> sent.add("re-INVITE"));
        time.advance(Duration.ofMillis(1999));
        assertEquals(List.of(), sent);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("re-INVITE"), sent);
    }

    @Test
    void everyDrawIsInItsRangeInStepsOf10Ms() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            long owner = GlareBackoff.delay(true, random).toMillis();
            long other = GlareBackoff.delay(false, random).toMillis();
            assertTrue(owner >= 2100 && owner <= 4000 && owner % 10 == 0, "owner " + owner);
            assertTrue(other >= 0 && other <= 2000 && other % 10 == 0, "other " + other);
            assertTrue(other < owner, "the callee's retry goes first");
        }
    }

    /** A generator whose bounded draws all return {@code units} (clamped to the asked range). */
    private static RandomGenerator fixed(int units) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return units;
            }

            @Override
            public int nextInt(int origin, int bound) {
                assertTrue(units >= origin && units < bound, units + " outside [" + origin + ", " + bound + ")");
                return units;
            }
        };
    }
}

package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 183 back-off: RFC 3262 §3 doubling from T1, capped at T2, within 64·T1 in all. */
class RetransmittedProgressScheduleTest {

    @Test
    void intervalsDoubleFromHalfASecondAndStayAtFourSeconds() {
        long[] expected = {500, 1000, 2000, 4000, 4000, 4000, 4000};
        for (int n = 1; n <= expected.length; n++) {
            assertEquals(Duration.ofMillis(expected[n - 1]), RetransmittedProgress.intervalAfter(n), "after " + n);
        }
        assertEquals(Duration.ofSeconds(32), RetransmittedProgress.GIVE_UP);
    }
}

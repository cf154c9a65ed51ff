package org.sipice.ice.internal.engine.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 6544 §4.2: local preference = (2^13) * direction-pref + other-pref; UDP stays first. */
class TcpPriorityTest {
    /** RFC 8445 §5.1.2.2's type preferences of UDP host and server-reflexive candidates. */
    private static final int UDP_HOST = 126;
    private static final int UDP_SRFLX = 100;

    private static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    @Test
    void theLocalPreferenceCombinesDirectionAndOtherPreference() {
        assertEquals(6 * 8192 + 8191, TcpPriority.localPreference(TcpPriority.ACTIVE_DIRECTION, 0));
        assertEquals(4 * 8192 + 8190, TcpPriority.localPreference(TcpPriority.PASSIVE_DIRECTION, 1));
        assertThrows(IllegalArgumentException.class, () -> TcpPriority.localPreference(8, 0));
        assertThrows(IllegalArgumentException.class, () -> TcpPriority.localPreference(6, 8192));
    }

    @Test
    void aHostTcpCandidatesPriorityFollowsTheRfc8445Formula() {
        assertEquals(priority(90, 6 * 8192 + 8191, 1), TcpPriority.hostPriority("active", 0, 1));
        assertEquals(priority(90, 4 * 8192 + 8191, 2), TcpPriority.hostPriority("passive", 0, 2));
        assertThrows(IllegalArgumentException.class, () -> TcpPriority.hostPriority("so", 0, 1));
    }

    @Test
    void udpHostAndServerReflexiveCandidatesComeBeforeTcpOnesAndTcpBeforeRelays() {
        long bestTcp = TcpPriority.hostPriority("active", 0, 1);
        long worstUdpHost = priority(UDP_HOST, 0, 1);
        long worstUdpSrflx = priority(UDP_SRFLX, 0, 1);
        long bestRelay = priority(0, 65535, 1);
        assertTrue(worstUdpHost > bestTcp && worstUdpSrflx > bestTcp && bestTcp > bestRelay);
        // Active before passive (direction 6 before 4), and each address its own other-pref.
        assertTrue(TcpPriority.hostPriority("passive", 0, 1) < TcpPriority.hostPriority("active", 40, 1));
        assertTrue(TcpPriority.hostPriority("active", 1, 1) < TcpPriority.hostPriority("active", 0, 1));
    }
}

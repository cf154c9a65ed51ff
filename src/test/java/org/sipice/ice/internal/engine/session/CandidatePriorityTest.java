package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sipice.ice.TurnServer;

/** Candidate priorities as RFC 8445 §5.1.2.1 computes them, with unique local preferences. */
class CandidatePriorityTest {

    @Test
    void priorityFollowsTheFormulaOfRfc8445() {
        // type preference 126 (host), local preference 65535, components 1 and 2
        assertEquals(2130706431L, CandidatePriority.of(CandidatePriority.HOST, 65535, 1));
        assertEquals(2130706430L, CandidatePriority.of(CandidatePriority.HOST, 65535, 2));
        assertTrue(CandidatePriority.of(CandidatePriority.HOST, 65534, 1)
                < CandidatePriority.of(CandidatePriority.HOST, 65535, 2));
        // §5.1.2.2: host > peer-reflexive > server-reflexive > relayed, whatever the local preference
        assertTrue(CandidatePriority.of(CandidatePriority.PEER_REFLEXIVE, 65535, 1)
                < CandidatePriority.of(CandidatePriority.HOST, 0, 2));
        assertTrue(CandidatePriority.of(CandidatePriority.SERVER_REFLEXIVE, 65535, 1)
                < CandidatePriority.of(CandidatePriority.PEER_REFLEXIVE, 0, 2));
        assertTrue(CandidatePriority.of(CandidatePriority.RELAYED, 65535, 1)
                < CandidatePriority.of(CandidatePriority.SERVER_REFLEXIVE, 0, 2));
    }

    @Test
    void localPreferencesAreUniquePerHostAndServer() {
        assertEquals(65535, CandidatePriority.localPreference(0, 0, 1));
        assertEquals(65534, CandidatePriority.localPreference(1, 0, 1));
        // two STUN servers: host 0 gets 65535 and 65534, host 1 gets 65533 and 65532
        assertEquals(65534, CandidatePriority.localPreference(0, 1, 2));
        assertEquals(65533, CandidatePriority.localPreference(1, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.localPreference(65536, 0, 1));
    }

    @Test
    void aRelayReachedOverTcpComesAfterEveryRelayReachedOverUdp() {
        // RFC 8445 §5.1.2.1: the local preference is the agent's; UDP before TCP.
        int worstUdp = CandidatePriority.relayLocalPreference(3, 1, 2, TurnServer.Transport.UDP);
        int bestTcp = CandidatePriority.relayLocalPreference(0, 0, 2, TurnServer.Transport.TCP);
        assertEquals(65535 - 7, worstUdp);
        assertEquals(65535 - 32768, bestTcp);
        assertTrue(bestTcp < worstUdp);
        assertEquals(65535 - 32768 - 1, CandidatePriority.relayLocalPreference(0, 1, 2, TurnServer.Transport.TCP), 
                "still unique");
        assertThrows(IllegalArgumentException.class,
                () -> CandidatePriority.relayLocalPreference(32768, 0, 1, TurnServer.Transport.TCP));
    }

    @Test
    void aRelayReachedOverTlsComesAfterEveryRelayReachedOverTcp() {
        // RFC 8445 §5.1.2.1 leaves room: UDP before TCP before TLS, over the whole band of ranks.
        int last = CandidatePriority.RELAY_BAND - 1;
        int worstTcp = CandidatePriority.relayLocalPreference(last, 0, 1, TurnServer.Transport.TCP);
        int bestTls = CandidatePriority.relayLocalPreference(0, 0, 2, TurnServer.Transport.TLS);
        assertEquals(65535 - 49152, bestTls);
        assertTrue(bestTls < worstTcp, bestTls + " < " + worstTcp);
        assertTrue(CandidatePriority.relayLocalPreference(last, 0, 1, TurnServer.Transport.TLS) >= 0);
        assertThrows(IllegalArgumentException.class,
                () -> CandidatePriority.relayLocalPreference(CandidatePriority.RELAY_BAND, 0, 1,
                        TurnServer.Transport.TLS));
    }
}

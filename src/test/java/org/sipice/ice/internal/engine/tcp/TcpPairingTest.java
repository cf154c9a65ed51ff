package org.sipice.ice.internal.engine.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/** RFC 6544 §6.2: active pairs with passive, passive with active; UDP with UDP only. */
class TcpPairingTest {
    private static final IceCandidate UDP = candidate("UDP", null);
    private static final IceCandidate ACTIVE = candidate("TCP", "active");
    private static final IceCandidate PASSIVE = candidate("TCP", "passive");
    private static final IceCandidate SO = candidate("TCP", "so");
    private static final IceCandidate NO_TCPTYPE = candidate("tcp", null);
    private static final IceCandidate OTHER = candidate("SCTP", null);

    private static IceCandidate candidate(String transport, String tcpType) {
        return IceCandidate.builder().foundation("1").componentId(1).transport(transport).priority(1)
                .address("192.0.2.1").port(9).type(CandidateType.HOST).tcpType(tcpType).build();
    }

    @Test
    void whichLocalAndRemoteCandidatesPairByTransport() {
        // local, remote, pairs?
        Object[][] table = {
            {UDP, UDP, true}, {UDP, ACTIVE, false}, {UDP, PASSIVE, false}, {ACTIVE, UDP, false},
            {ACTIVE, PASSIVE, true}, {PASSIVE, ACTIVE, true},
            {ACTIVE, ACTIVE, false}, {PASSIVE, PASSIVE, false},
            {ACTIVE, SO, false}, {PASSIVE, SO, false}, {ACTIVE, NO_TCPTYPE, false},
            {UDP, OTHER, false}, {ACTIVE, OTHER, false},
        };
        for (Object[] row : table) {
            IceCandidate local = (IceCandidate) row[0];
            IceCandidate remote = (IceCandidate) row[1];
            assertEquals(row[2], TcpPairing.transportsPair(local, remote),
                    local.transport() + "/" + local.tcpType() + " with " + remote.transport() + "/" + remote.tcpType());
        }
    }

    @Test
    void aPassiveCandidatesPairsArePrunedAndLearntFromChecks() {
        assertTrue(TcpPairing.prunedFromCheckList(PASSIVE));
        assertFalse(TcpPairing.prunedFromCheckList(ACTIVE));
        assertFalse(TcpPairing.prunedFromCheckList(UDP));
        // RFC 6544 §7.2: a check on a passive candidate's connection came from an active one.
        assertEquals("active", TcpPairing.peerReflexiveTcpType(PASSIVE));
        assertEquals("passive", TcpPairing.peerReflexiveTcpType(ACTIVE));
        assertNull(TcpPairing.peerReflexiveTcpType(UDP));
    }
}

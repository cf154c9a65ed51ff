package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.natlab.NatPathModel.type;

import org.junit.jupiter.api.Test;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.RouterEgress;

/**
 * The matrix's prediction against the rules of thumb of RFC 4787 and the measured cases of
 * docs/natlab.md, "How the routers are built", item 7: EIM on both sides works with srflx; an EIF or ADF side facing an APDM
 * side works through peer-reflexive candidates; an APDF side facing APDM or ADM needs a relay.
 */
class NatPathModelTest {

    @Test
    void eimOnBothSides_isDirect() {
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/apdf"), type("eim/apdf"), false));
    }

    @Test
    void openFilteringFacingApdm_isDirect() {
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/eif"), type("apdm/apdf"), false));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/adf"), type("apdm/apdf"), false));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("apdm/apdf"), type("eim/adf"), false));
    }

    @Test
    void aClashBetweenTwoBindingsOfAnAdmOrApdmSide_isARace() {
        assertEquals(Outcome.DIRECT_OR_FAILED, NatPathModel.predict(type("eim/apdf"), type("apdm/eif"), false));
        assertEquals(Outcome.DIRECT_OR_RELAY, NatPathModel.predict(type("adm/eif"), type("eim/apdf"), true));
    }

    @Test
    void withTurn_aDirectPathStillWinsWhereTheRelayIsValidFirst() {
        // An EIF or ADF side lets the peer's relayed checks in at once: the relayed pair is often
        // valid first, and must not be the one nominated where a direct path exists.
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/adf"), type("eim/apdf"), true));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/adf"), type("adm/adf"), true));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/adf"), type("apdm/apdf"), true));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/eif"), type("apdm/apdf"), true));
        assertEquals(Outcome.DIRECT, NatPathModel.predict(type("eim/apdf"), type("eim/apdf"), true));
    }

    @Test
    void apdfFacingApdmOrAdm_needsARelay() {
        assertEquals(Outcome.FAILED, NatPathModel.predict(type("eim/apdf"), type("apdm/apdf"), false));
        assertEquals(Outcome.RELAY, NatPathModel.predict(type("eim/apdf"), type("apdm/apdf"), true));
        assertEquals(Outcome.FAILED, NatPathModel.predict(type("apdm/apdf"), type("apdm/apdf"), false));
        assertEquals(Outcome.RELAY, NatPathModel.predict(type("apdm/apdf"), type("apdm/apdf"), true));
        assertEquals(Outcome.FAILED, NatPathModel.predict(type("apdm/adf"), type("apdm/adf"), false));
        assertEquals(Outcome.DIRECT_OR_RELAY, NatPathModel.predict(type("apdm/adf"), type("apdm/adf"), true));
        assertEquals(Outcome.FAILED, NatPathModel.predict(type("adm/apdf"), type("eim/apdf"), false));
        // An address-dependent filter on one side: the checks toward the relayed candidates (on
        // the TURN server's address) may open a direct path the model does not simulate.
        assertEquals(Outcome.FAILED, NatPathModel.predict(type("apdm/adf"), type("apdm/apdf"), false));
        assertEquals(Outcome.DIRECT_OR_RELAY, NatPathModel.predict(type("apdm/adf"), type("apdm/apdf"), true));
    }

    @Test
    void aSideWhoseRouterLetsNoUdpOut_onlyEverRelays_whateverTheNats() {
        for (RouterEgress closed : java.util.List.of(RouterEgress.BLOCK_UDP, RouterEgress.TCP443_ONLY)) {
            // Open NATs that would be direct on their own (eim on both sides) ...
            assertEquals(Outcome.RELAY, NatPathModel.predict(type("eim/eif"), closed, type("eim/eif"),
                    RouterEgress.OPEN, true));
            assertEquals(Outcome.RELAY, NatPathModel.predict(type("eim/apdf"), RouterEgress.OPEN, type("eim/apdf"),
                    closed, true));
            // ... and both sides closed: relay to relay.
            assertEquals(Outcome.RELAY, NatPathModel.predict(type("eim/apdf"), closed, type("apdm/apdf"), closed,
                    true));
            // Without a TURN server it reaches, nothing works: the clean ICE failure.
            assertEquals(Outcome.FAILED, NatPathModel.predict(type("eim/eif"), closed, type("eim/eif"),
                    RouterEgress.OPEN, false));
        }
    }

    @Test
    void openEgressOnBothSides_isTheMatrixPrediction() {
        for (var cell : NatPathModel.cells()) {
            for (boolean turn : new boolean[] {false, true}) {
                assertEquals(NatPathModel.predict(cell[0], cell[1], turn), NatPathModel.predict(cell[0],
                        RouterEgress.OPEN, cell[1], RouterEgress.OPEN, turn), cell[0] + " vs " + cell[1]);
            }
        }
    }

    @Test
    void aPairAndItsMirror_predictTheSame() {
        for (var cell : NatPathModel.cells()) {
            assertEquals(NatPathModel.predict(cell[0], cell[1], false), NatPathModel.predict(cell[1], cell[0], false),
                    cell[0] + " vs " + cell[1]);
        }
        assertEquals(45, NatPathModel.cells().size());
    }

    @Test
    void iceTcpToAPublicPeer_isDirectWhereverTcpGetsOut_elseRelayed() {
        // RFC 6544: the closed side's active candidate connects out to the peer's passive one.
        assertEquals(Outcome.DIRECT, NatPathModel.predictIceTcpToPublicPeer(RouterEgress.BLOCK_UDP));
        assertEquals(Outcome.DIRECT, NatPathModel.predictIceTcpToPublicPeer(RouterEgress.OPEN));
        // Only TCP to port 443 gets out, and a passive candidate's port is any: the relay over 443.
        assertEquals(Outcome.RELAY, NatPathModel.predictIceTcpToPublicPeer(RouterEgress.TCP443_ONLY));
    }
}

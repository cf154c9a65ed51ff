package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.natlab.NatPathModel.type;

import org.junit.jupiter.api.Test;
import org.sipice.natlab.NatPathModel.Outcome;

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
    void aPairAndItsMirror_predictTheSame() {
        for (var cell : NatPathModel.cells()) {
            assertEquals(NatPathModel.predict(cell[0], cell[1], false), NatPathModel.predict(cell[1], cell[0], false),
                    cell[0] + " vs " + cell[1]);
        }
        assertEquals(45, NatPathModel.cells().size());
    }
}

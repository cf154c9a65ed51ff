package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sipice.testkit.CallScript;
import org.sipice.testkit.LoopbackAgent;
import org.sipice.testkit.SipiceExtension;
import org.sipice.testkit.UseProfile;

/**
 * {@code sipice.updated-offer}: with the embedded STUN responder of loopback-demo Alice signals
 * a server-reflexive default (127.0.0.2) while ICE selects the host pair, and Bob plays an RFC
 * 5245 agent (no ice2). AUTO sends the updated offer of RFC 8839 §4.3.4 right after the ACK;
 * NEVER sends none.
 */
@ExtendWith(SipiceExtension.class)
class UpdatedOfferPolicyTest {
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final Duration ICE = Duration.ofSeconds(15);

    @Test
    void autoSendsTheUpdatedOfferToAPeerWithoutIce2(LoopbackAgent alice,
            // Bob does not allow UPDATE, so the updated offer is a re-INVITE (an UPDATE otherwise).
            @UseProfile(value = "loopback-demo", set = {"sipice.advertise-ice2=false", "sipice.allow-update=false"})
            LoopbackAgent bob) {
        alice.calls(bob)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .expectCallerSends("INVITE", SHORT)          // the updated offer, same ufrag/pwd
                .expectResponseWithAnswer(200, SHORT)
                .callerHangsUp()
                .expectEnded(SHORT);
    }

    @Test
    void neverSendsNone(@UseProfile(value = "loopback-demo", set = "sipice.updated-offer=NEVER") LoopbackAgent alice,
            @UseProfile(value = "loopback-demo", set = "sipice.advertise-ice2=false") LoopbackAgent bob) {
        CallScript call = alice.calls(bob)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(Duration.ofSeconds(1))           // AUTO's offer would have gone out by now
                .callerHangsUp()
                .expectEnded(SHORT);
        assertEquals(1, call.ladder().split("alice ------------> bob    INVITE", -1).length - 1, call.ladder());
    }
}

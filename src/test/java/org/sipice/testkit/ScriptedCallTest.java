package org.sipice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sipice.sip.CallState;

/**
 * The testkit itself: the extension hands out agents on loopback with the profile each test asks
 * for, a script that matches the real ladder passes, and a wrong or late step fails with the
 * steps and the ladder so far.
 */
@ExtendWith(SipiceExtension.class)
class ScriptedCallTest {
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final Duration ICE = Duration.ofSeconds(15);

    @Test
    void aliceCallsBobAnswerIn100RingingAfterIceMediaOneSecondAliceHangsUp(LoopbackAgent alice, LoopbackAgent bob) {
        assertEquals("alice", alice.name());
        assertTrue(bob.uri().startsWith("sip:bob@127.0.0.1:"), bob.uri());
        assertEquals("loopback-demo", bob.profile().name());

        CallScript call = alice.calls(bob)
                .expectResponseWithAnswer(100, SHORT)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .expectEstablished(SHORT)
                .mediaFlows(Duration.ofSeconds(1))
                .callerHangsUp()
                .expectEnded(SHORT);
        assertEquals(CallState.ENDED, call.call().state());
        assertTrue(call.ladder().contains("ICE completed"), call.ladder());
    }

    @Test
    @UseProfile(value = "loopback-demo", set = "sipice.early-answer=RELIABLE_183")
    void withTheAnswerOnlyInA183ExpectingItIn100FailsWithTheLadderSoFar(LoopbackAgent alice, LoopbackAgent bob) {
        CallScript call = alice.calls(bob).expectResponseWithAnswer(183, ICE);
        AssertionError e = assertThrows(AssertionError.class,
                () -> call.expectResponseWithAnswer(100, Duration.ofMillis(300)));
        String message = e.getMessage();
        assertTrue(message.startsWith("step 3 'expect 100 with answer' failed: not within 300 ms after the previous "
                + "step"), message);
        assertTrue(message.contains("ok  1. alice calls bob"), message);
        assertTrue(message.contains("ok  2. expect 183 with answer"), message);
        assertTrue(message.contains("FAILED  3. expect 100 with answer"), message);
        assertTrue(message.contains("alice ------------> bob    INVITE +SDP"), message);
        assertTrue(message.contains("alice <------------ bob    183 Session Progress (INVITE) [100rel] +SDP"), message);
        call.callerHangsUp();
    }

    @Test
    void stepsAreMetInOrderSoA100BeforeThe180CannotSatisfyAnExpectationAfterIt(LoopbackAgent alice,
            LoopbackAgent bob) {
        CallScript call = alice.calls(bob).expectRingingAfterIce(ICE);
        AssertionError e = assertThrows(AssertionError.class, () -> call.expectResponse(100, Duration.ofMillis(300)));
        assertTrue(e.getMessage().startsWith("step 3 'expect 100' failed"), e.getMessage());
        assertTrue(e.getMessage().contains("180 Ringing (INVITE)"), e.getMessage());
        call.callerHangsUp().expectEnded(SHORT);
    }

    @Test
    void eachParameterMayHaveItsOwnProfile(@Agent("carol") @UseProfile("aggressive") LoopbackAgent carol,
            @UseProfile(value = "behind-proxy", set = "sipice.stun-servers=") LoopbackAgent dave) {
        assertEquals("carol", carol.name());
        assertEquals(org.sipice.ice.NominationMode.AGGRESSIVE, carol.config().ice().nomination());
        assertEquals(org.sipice.sip.EarlyAnswerMode.RELIABLE_183, dave.config().earlyAnswer());
        // Host candidates on loopback whatever the profile says.
        assertEquals("[/127.0.0.1]", dave.config().ice().hostAddresses().toString());
    }

    @Test
    void aRejectedCallEndsAsAFailureOnBothSides(LoopbackAgent alice, LoopbackAgent bob) {
        alice.calls(bob)
                .expectRingingAfterIce(ICE)
                .calleeRejects(486, "Busy Here")
                .expectResponse(486, SHORT)
                .expectCallerFailed(SHORT);
    }

    /** RFC 3261 §15: a callee that hangs up between its 200 OK and the ACK sends BYE after the ACK. */
    @Test
    void bobHangingUpRightAfterAnsweringSendsByeOnceTheAckArrived(LoopbackAgent alice, LoopbackAgent bob) {
        CallScript call = alice.calls(bob)
                .expectRingingAfterIce(ICE)
                .calleeAnswers()
                .calleeHangsUp()
                .expectEstablished(SHORT)
                .expectEnded(SHORT);
        assertTrue(call.ladder().contains("alice <------------ bob    BYE"), call.ladder());
    }
}

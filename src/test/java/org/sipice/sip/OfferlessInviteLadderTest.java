package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallMedia;
import org.sipice.testing.TwoAgents;

/**
 * Alice calls Bob with an INVITE without SDP (RFC 3261 §13.2.1; RFC 3725 Flow I), both sipice.
 * Bob makes the offer and controls ICE (RFC 8445 §6.1.1).
 *
 * <pre>
 *   Alice has 100rel (RFC 8839 §7.1.2)          Alice has no 100rel
 *   INVITE (no SDP)         -->                 INVITE (no SDP)      -->
 *                           <-- 100 Trying                           <-- 100 Trying
 *                           <-- 183 (offer, 100rel)                  <-- 180 Ringing (no ICE gate possible)
 *   PRACK (answer)          -->                                      <-- 200 OK (offer)
 *                           <-- 200 OK (PRACK)  ACK (answer)         -->
 *     ... checks; Bob's gate holds ...            ... checks after the ACK ...
 *                           <-- 180 Ringing
 *                           <-- 200 OK (no SDP)
 *   ACK                     -->
 * </pre>
 */
class OfferlessInviteLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();
    private final CallRecorder aliceEvents = agents.aliceEvents();
    private final CallRecorder bobEvents = agents.bobEvents();

    @Test
    void bobOffersInAReliable183AliceAnswersInThePrackIceCompletesBeforeBobRings() throws Exception {
        agents.start();

        Call call = agents.alice().ua().callWithoutOffer(agents.bob().uri());
        Call bobCall = establishBoth(call);
        assertPairsAgree(call, bobCall);
        CallMedia.exchange(call, bobCall, 50, Duration.ofSeconds(5));
        hangUp(call, bobCall);

        assertEquals(List.of(
                "-> INVITE",
                "<- 100 Trying (INVITE)",
                "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK +SDP",
                "<- 200 OK (PRACK)",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE)",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), aliceEvents.ladder());
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK +SDP",
                "-> 200 OK (PRACK)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE)",
                "<- ACK",
                "<- BYE",
                "-> 200 OK (BYE)"), bobEvents.ladder());

        // The gate held Bob's 180 until his ICE session completed.
        int completed = bobEvents.indexOf(e -> e instanceof CallEvent.Ice
                && ((CallEvent.Ice) e).event() instanceof IceEvent.Completed);
        int gate = bobEvents.indexOf(e -> e instanceof CallEvent.RingingGateOpened);
        int ringing = bobEvents.indexOf(e -> e instanceof CallEvent.SipMessage
                && ((CallEvent.SipMessage) e).label().startsWith("180"));
        assertTrue(completed >= 0 && completed < gate && gate < ringing,
                "ICE completed " + completed + ", gate " + gate + ", 180 " + ringing + ": " + bobEvents.events());
        assertTrue(((CallEvent.RingingGateOpened) bobEvents.events().get(gate)).iceReady());
        assertNoRoleConflict();
    }

    @Test
    void aliceWithout100relGetsTheOfferInThe200AndAnswersInTheAckIceRunsAfterIt() throws Exception {
        agents.start(c -> c.toBuilder().supports100rel(false).build(), UnaryOperator.identity());

        Call call = agents.alice().ua().callWithoutOffer(agents.bob().uri());
        Call bobCall = establishBoth(call);
        assertPairsAgree(call, bobCall);
        CallMedia.exchange(call, bobCall, 50, Duration.ofSeconds(5));
        hangUp(call, bobCall);

        assertEquals(List.of(
                "-> INVITE",
                "<- 100 Trying (INVITE)",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK +SDP",
                "-> BYE",
                "<- 200 OK (BYE)"), aliceEvents.ladder());
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP",
                "<- BYE",
                "-> 200 OK (BYE)"), bobEvents.ladder());

        // No gate is possible before the 200: it opened at once, said so, and ICE ran after the ACK.
        CallEvent.RingingGateOpened gate = (CallEvent.RingingGateOpened) bobEvents.await(
                e -> e instanceof CallEvent.RingingGateOpened, DEADLINE, "gate");
        assertFalse(gate.iceReady());
        assertTrue(bobEvents.indexOf(e -> e instanceof CallEvent.Warning
                && ((CallEvent.Warning) e).message().contains("100rel")) >= 0, bobEvents.events().toString());
        int ack = bobEvents.indexOf(e -> e instanceof CallEvent.SipMessage
                && ((CallEvent.SipMessage) e).label().equals("ACK"));
        int checking = bobEvents.indexOf(e -> e instanceof CallEvent.Ice
                && ((CallEvent.Ice) e).event() instanceof IceEvent.ChecksStarted);
        assertTrue(ack >= 0 && ack < checking, "ACK " + ack + ", checks " + checking + ": " + bobEvents.events());
        assertNoRoleConflict();
    }

    private Call establishBoth(Call call) throws Exception {
        await(call.established());
        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        await(bobCall.established());
        await(call.iceReady());
        await(bobCall.iceReady());
        return bobCall;
    }

    /** Both ends selected the same host pair on each component. */
    private static void assertPairsAgree(Call alice, Call bob) {
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals("host/udp-host/udp", a.typeSummary());
            assertEquals(a.local().transportAddr(), b.remote().transportAddr());
            assertEquals(a.remote().transportAddr(), b.local().transportAddr());
        }
    }

    private void hangUp(Call call, Call bobCall) throws Exception {
        call.hangup();
        await(call.ended());
        assertEquals("BYE received", await(bobCall.ended()).reason());
        assertTrue(agents.alice().ua().calls().isEmpty() && agents.bob().ua().calls().isEmpty());
    }

    /** Bob offered, so Bob controls and Alice is controlled from the start: no role conflict. */
    private void assertNoRoleConflict() {
        assertEquals(IceRole.CONTROLLING, checksStartedRole(bobEvents));
        assertEquals(IceRole.CONTROLLED, checksStartedRole(aliceEvents));
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertEquals(-1, r.indexOf(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RoleChanged), r.events().toString());
        }
    }

    private static IceRole checksStartedRole(CallRecorder r) {
        return r.events().stream().filter(e -> e instanceof CallEvent.Ice
                && ((CallEvent.Ice) e).event() instanceof IceEvent.ChecksStarted)
                .map(e -> ((IceEvent.ChecksStarted) ((CallEvent.Ice) e).event()).role()).findFirst().orElseThrow();
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.testing.CallMedia;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TwoAgents;

/**
 * One complete call between two sipice user agents on loopback, asserted as a ladder:
 *
 * <pre>
 *   Alice                                  Bob
 *     INVITE (offer, Supported: 100rel) -->
 *                                       <-- 100 Trying (answer)
 *                                       <-- 183 Session Progress (answer, 100rel)
 *     PRACK                             -->
 *                                       <-- 200 OK (PRACK)
 *          ... ICE checks; Bob's ringing gate holds ...
 *                                       <-- 180 Ringing        (after Bob's ICE completed)
 *                                       <-- 200 OK (answer)
 *     ACK                               -->
 *          ... RTP both ways on the selected pair ...
 *     BYE                               -->
 *                                       <-- 200 OK (BYE)
 * </pre>
 */
class BasicCallLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();
    private final CallRecorder aliceEvents = agents.aliceEvents();
    private final CallRecorder bobEvents = agents.bobEvents();
    private IceUserAgent alice;
    private IceUserAgent bob;

    @BeforeEach
    void startUserAgents() throws Exception {
        agents.start();
        alice = agents.alice().ua();
        bob = agents.bob().ua();
    }

    @Test
    void aliceCallsBobIceCompletesBeforeRingingMediaFlowsBothWaysThenBye() throws Exception {
        Call call = alice.call(agents.bob().uri());
        await(call.established());
        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        await(bobCall.established());
        await(call.iceReady());

        // Both ends agree on the selected pair of each component.
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = call.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bobCall.selectedPair(component).orElseThrow();
            assertEquals("host/udp-host/udp", a.typeSummary());
            assertEquals(a.local().port(), b.remote().port());
            assertEquals(a.remote().port(), b.local().port());
        }

        // RTP each way on component 1, RTCP-sized datagrams on component 2.
        CallMedia.exchange(call, bobCall, 50, Duration.ofSeconds(5));

        call.hangup();
        await(call.ended());
        CallEvent.Ended bobEnd = await(bobCall.ended());
        assertEquals("BYE received", bobEnd.reason());

        assertEquals(List.of(
                "-> INVITE +SDP",
                "<- 100 Trying (INVITE) +SDP",
                "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK",
                "<- 200 OK (PRACK)",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), aliceEvents.ladder());
        assertEquals(List.of(
                "<- INVITE +SDP",
                "-> 100 Trying (INVITE) +SDP",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK",
                "-> 200 OK (PRACK)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK",
                "<- BYE",
                "-> 200 OK (BYE)"), bobEvents.ladder());

        // Bob's 180 went out strictly after his ICE session completed: the gate held.
        int completed = bobEvents.indexOf(e -> e instanceof CallEvent.Ice && ((CallEvent.Ice) e).event()
                instanceof IceEvent.Completed);
        int gate = bobEvents.indexOf(e -> e instanceof CallEvent.RingingGateOpened);
        int ringing = bobEvents.indexOf(e -> e instanceof CallEvent.SipMessage
                && ((CallEvent.SipMessage) e).label().startsWith("180"));
        assertTrue(completed >= 0 && completed < gate && gate < ringing,
                "ICE completed " + completed + ", gate " + gate + ", 180 " + ringing + ": " + bobEvents.events());
        assertTrue(((CallEvent.RingingGateOpened) bobEvents.events().get(gate)).iceReady());
        assertTrue(alice.calls().isEmpty() && bob.calls().isEmpty());
    }
}

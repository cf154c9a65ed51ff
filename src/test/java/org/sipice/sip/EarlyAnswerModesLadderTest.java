package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TwoAgents;

/**
 * Where Bob puts his early ICE answer, per {@link EarlyAnswerMode} and per whether Alice offers
 * 100rel (RFC 8839 §7.1.1). Each test is one call between two sipice user agents; the ladders
 * are Alice's. Two timing artefacts are removed before comparing: the RI's own bodyless 100
 * Trying (sent 200 ms after the INVITE when no other response went out first) and repeated
 * copies of an unreliable 183 (how many depends on how fast the first check arrives).
 */
class EarlyAnswerModesLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();
    private final CallRecorder aliceEvents = agents.aliceEvents();
    private final CallRecorder bobEvents = agents.bobEvents();

    @Test
    void trying100CarriesTheAnswerAloneNoPrackNo183() throws Exception {
        call(EarlyAnswerMode.TRYING_100, true);
        assertEquals(List.of(
                "-> INVITE +SDP",
                "<- 100 Trying (INVITE) +SDP",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), aliceLadder());
    }

    @Test
    void reliable183IsPrackedBeforeRinging() throws Exception {
        call(EarlyAnswerMode.RELIABLE_183, true);
        assertEquals(List.of(
                "-> INVITE +SDP",
                "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK",
                "<- 200 OK (PRACK)",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), aliceLadder());
    }

    @Test
    void reliable183TowardACallerWithout100relBecomesARetransmitted183() throws Exception {
        call(EarlyAnswerMode.RELIABLE_183, false);
        assertEquals(unreliable183Ladder(), aliceLadder());
    }

    @Test
    void retransmitted183IsUnreliableEvenWhenTheCallerOffers100rel() throws Exception {
        call(EarlyAnswerMode.RETRANSMITTED_183, true);
        assertEquals(unreliable183Ladder(), aliceLadder());
        // Alice's checks reached Bob, which stopped the copies well before the 2xx.
        int peerCheck = bobEvents.indexOf(e -> e instanceof CallEvent.Ice
                && ((CallEvent.Ice) e).event() instanceof org.sipice.ice.IceEvent.PeerCheckReceived);
        int ringing = bobEvents.indexOf(e -> e instanceof CallEvent.SipMessage
                && ((CallEvent.SipMessage) e).label().startsWith("180"));
        assertTrue(peerCheck >= 0 && peerCheck < ringing, bobEvents.events().toString());
    }

    @Test
    void autoTowardACallerWithout100relSends100AndARetransmitted183() throws Exception {
        call(EarlyAnswerMode.AUTO, false);
        List<String> expected = new ArrayList<>(unreliable183Ladder());
        expected.add(1, "<- 100 Trying (INVITE) +SDP");
        assertEquals(expected, aliceLadder());
    }

    private static List<String> unreliable183Ladder() {
        return List.of(
                "-> INVITE +SDP",
                "<- 183 Session Progress (INVITE) +SDP",
                "<- 180 Ringing (INVITE)",
                "<- 200 OK (INVITE) +SDP",
                "-> ACK",
                "-> BYE",
                "<- 200 OK (BYE)");
    }

    /** Alice calls Bob (answering in {@code mode}), both ICE sessions complete, Alice hangs up. */
    private void call(EarlyAnswerMode mode, boolean alice100rel) throws Exception {
        agents.start(c -> c.toBuilder().supports100rel(alice100rel).build(), c -> c.toBuilder().earlyAnswer(mode).build());
        Call call = agents.alice().ua().call(agents.bob().uri());
        await(call.established());
        await(call.iceReady());
        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        await(bobCall.iceReady());
        assertEquals(call.selectedPair(1).orElseThrow().local().port(),
                bobCall.selectedPair(1).orElseThrow().remote().port());
        call.hangup();
        await(bobCall.ended());
        await(call.ended());
        assertTrue(aliceEvents.events().stream().noneMatch(e -> e instanceof CallEvent.Warning),
                "every copy of the answer was identical: " + aliceEvents.events());
    }

    private List<String> aliceLadder() {
        List<String> out = new ArrayList<>();
        for (String line : aliceEvents.ladder()) {
            boolean riTrying = line.equals("<- 100 Trying (INVITE)");
            boolean repeated183 = line.equals("<- 183 Session Progress (INVITE) +SDP") && out.contains(line);
            if (!riTrying && !repeated183) {
                out.add(line);
            }
        }
        return out;
    }
}

package org.sipice.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceRole;

/**
 * {@code Call.report()} after a real loopback call: the figures are real (the selected pair is
 * nominated, checks were sent and answered, a round trip was measured, the RTP counted) and the
 * timeline holds every SIP message the listener saw, with Bob's ICE completion before his 180.
 */
class LoopbackCallReportTest {
    private static LoopbackCall call;

    @BeforeAll
    static void call() throws Exception {
        call = LoopbackCall.run();
    }

    @Test
    void eachSideReportsItsSelectedPairNominatedCheckedAnsweredTimedAndCarryingTheRtp() {
        for (CallReport report : List.of(call.alice, call.bob)) {
            String who = report.outgoing() ? "alice" : "bob";
            assertEquals(CallReport.VERSION, report.version());
            assertEquals("ENDED", report.state(), who);
            assertEquals(report.outgoing() ? IceRole.CONTROLLING : IceRole.CONTROLLED, report.ice().role(), who);
            assertEquals(2, report.ice().selectedPairs().size(), who + ": RTP and RTCP");
            IceCandidatePairStats rtp = report.ice().selectedPair(1).orElseThrow();
            assertTrue(rtp.nominated(), who + ": " + rtp);
            assertTrue(rtp.requestsSent() > 0 && rtp.responsesReceived() > 0, who + ": " + rtp);
            assertTrue(rtp.requestsReceived() > 0 && rtp.responsesSent() > 0, who + ": " + rtp);
            assertNotNull(rtp.currentRoundTripTime(), who + ": " + rtp);
            assertTrue(rtp.currentRoundTripTime() > 0, who + ": " + rtp);
            assertTrue(rtp.totalRoundTripTime() > 0, who + ": " + rtp);
            assertEquals(LoopbackCall.PACKETS, rtp.packetsSent(), who);
            assertEquals(LoopbackCall.PACKETS, rtp.packetsReceived(), who);
            assertEquals((long) LoopbackCall.PACKETS * LoopbackCall.RTP_SIZE, rtp.bytesSent(), who);
            IceCandidateStats local = report.ice().candidate(rtp.localCandidateId()).orElseThrow();
            IceCandidateStats remote = report.ice().candidate(rtp.remoteCandidateId()).orElseThrow();
            assertFalse(local.isRemote());
            assertTrue(remote.isRemote());
            assertEquals("127.0.0.1", local.address(), who);
        }
        // The two sides describe the same pair from both ends.
        IceCandidatePairStats a = call.alice.ice().selectedPair(1).orElseThrow();
        IceCandidatePairStats b = call.bob.ice().selectedPair(1).orElseThrow();
        assertEquals(call.alice.ice().candidate(a.localCandidateId()).orElseThrow().port(),
                call.bob.ice().candidate(b.remoteCandidateId()).orElseThrow().port());
    }

    @Test
    void theTimelineIsTheSipLadderWithIceEventsBetween() {
        // Every SIP message the listener saw, in the same order (the ladder itself is asserted by
        // BasicCallLadderTest): INVITE, 100/183 with the answer, PRACK, 180, 200, ACK, BYE.
        assertEquals(sipLadder(call.aliceEvents), sipLadder(call.alice));
        assertEquals(sipLadder(call.bobEvents), sipLadder(call.bob));
        assertTrue(sipLadder(call.alice).containsAll(List.of("sent INVITE +SDP", "received 183 Session Progress +SDP",
                "received 180 Ringing", "received 200 OK +SDP", "sent ACK", "sent BYE")), sipLadder(call.alice).toString());
        List<String> bob = call.bob.timeline().stream().map(TimelineEntry::label).toList();
        assertTrue(bob.indexOf("Completed") >= 0 && bob.indexOf("Completed") < bob.indexOf("180 Ringing"),
                "the ringing gate: Bob's ICE completed before his 180: " + bob);
        assertTrue(bob.indexOf("Ended") > bob.lastIndexOf("sent 200 OK".substring(5)), "ended after the BYE's 200: " + bob);
        double previous = -1;
        for (TimelineEntry e : call.bob.timeline()) {
            assertTrue(e.atMillis() >= previous, "in order of occurrence: " + e);
            previous = e.atMillis();
        }
        assertEquals("BYE received", call.bob.outcome());
        TimelineEntry selected = call.alice.timeline().stream().filter(e -> e.label().equals("PairSelected"))
                .findFirst().orElseThrow();
        assertEquals(TimelineEntry.ICE, selected.kind());
        assertTrue(selected.detail().startsWith("component 1 host/udp-host/udp 127.0.0.1:"), selected.detail());
    }

    private static List<String> sipLadder(org.sipice.testing.CallRecorder recorder) {
        return recorder.events().stream().filter(e -> e instanceof org.sipice.sip.CallEvent.SipMessage)
                .map(e -> (org.sipice.sip.CallEvent.SipMessage) e)
                .map(m -> m.direction().name().toLowerCase() + " " + m.label() + (m.hasSdp() ? " +SDP" : "")).toList();
    }

    private static List<String> sipLadder(CallReport report) {
        return report.timeline().stream().filter(e -> e.kind().equals(TimelineEntry.SIP))
                .map(e -> e.direction() + " " + e.label() + (e.hasSdp() ? " +SDP" : "")).toList();
    }
}

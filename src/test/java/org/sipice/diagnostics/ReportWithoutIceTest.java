package org.sipice.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.sip.Call;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * A peer without ICE (a plain RFC 3264 offer): Bob's report has no candidates and no pairs, its
 * timeline still has the SIP messages, and the page says there is no selected pair.
 */
class ReportWithoutIceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String PLAIN_OFFER = "v=0\r\no=plain 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    @Test
    void aCallWithoutIceReportsItsSipMessagesAndNoPair() throws Exception {
        CallRecorder bobEvents = new CallRecorder(true);
        try (BareSipPeer peer = BareSipPeer.start("plain");
                TestUserAgent bobUa = TestUserAgent.start("bob", bobEvents)) {
            peer.send(peer.invite("bob", bobUa.sip(), PLAIN_OFFER));
            Call bob = bobEvents.awaitIncoming(DEADLINE);
            await(bob.established(), DEADLINE);
            bob.hangup();
            await(bob.ended(), DEADLINE);

            CallReport report = bob.report();
            assertTrue(report.ice().pairs().isEmpty() && report.ice().localCandidates().isEmpty(), report.toString());
            List<String> sip = report.timeline().stream().filter(e -> e.kind().equals(TimelineEntry.SIP))
                    .map(e -> e.direction() + " " + e.label()).toList();
            assertEquals(List.of("received INVITE", "sent 180 Ringing", "sent 200 OK", "received ACK", "sent BYE"),
                    sip.subList(0, 5), sip.toString());
            assertEquals(report, CallReportJson.read(CallReportJson.write(report)));
            assertTrue(CallReportHtml.render(report).contains("No selected pair"));
        }
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Closer;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * The {@code o=} line across a call (RFC 3264 §5, §8): one session id per side, and each new
 * offer or answer from that side carries the previous version plus one; copies of one answer
 * (100, 183, 200 to the same INVITE) repeat it. The peers are bare JAIN-SIP endpoints, so the
 * test reads the SDP exactly as it went on the wire.
 */
class SdpVersionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=sipice (\\d+) (\\d+) ");

    @RegisterExtension
    final Closer closer = new Closer();
    private TestUserAgent ua;
    private ScriptedUas uas;
    private BareSipPeer uac;
    private PlainRtpPeer deadIcePort;

    @Test
    void theCallersOffersAndAnswersBumpTheVersionAcrossHoldResumeRestartAndUpdate() throws Exception {
        deadIcePort = closer.add(PlainRtpPeer.start());
        uas = closer.add(ScriptedUas.start("peer", r -> ScriptedUas.Reply.ok(iceSdp("peer", deadIcePort.port(), "peer"))));
        CallRecorder events = new CallRecorder(false);
        ua = closer.add(TestUserAgent.start("alice", events));
        Call alice = ua.ua().call(uas.sipUri("bob"));
        await(alice.established());

        alice.hold();
        uas.awaitRequest(Request.ACK, 2, DEADLINE);
        alice.resume();
        uas.awaitRequest(Request.ACK, 3, DEADLINE);
        alice.restartIce();
        uas.awaitRequest(Request.ACK, 4, DEADLINE);
        // The peer offers in an UPDATE (RFC 3311), then in a re-INVITE: Alice answers each.
        uas.sendInDialog(Request.UPDATE, iceSdp("peer", deadIcePort.port(), "peer"));
        String updateAnswer = uas.await(m -> m.response() != null && m.label().equals("200 (UPDATE)"), 1, DEADLINE,
                "200 (UPDATE)").get(0).body();
        uas.sendInDialog(Request.INVITE, iceSdp("peer", deadIcePort.port(), "peer"));
        String reInviteAnswer = uas.await(m -> m.response() != null && m.label().equals("200 (INVITE)"), 1,
                DEADLINE, "200 (INVITE)").get(0).body();

        List<String> offers = uas.received().stream()
                .filter(m -> m.request() != null && m.request().getMethod().equals(Request.INVITE))
                .map(ScriptedUas.Message::body).toList();
        List<String> all = List.of(offers.get(0), offers.get(1), offers.get(2), offers.get(3), updateAnswer,
                reInviteAnswer);
        long session = origin(all.get(0))[0];
        long first = origin(all.get(0))[1];
        for (int i = 0; i < all.size(); i++) {
            assertEquals(session, origin(all.get(i))[0], "one session id (RFC 3264 §8): " + all.get(i));
            assertEquals(first + i, origin(all.get(i))[1], "description " + i + ": version + 1 (RFC 3264 §8)");
        }
        alice.hangup();
    }

    @Test
    void theCalleesAnswerCopiesShareOneVersionAndLaterAnswersBumpIt() throws Exception {
        deadIcePort = closer.add(PlainRtpPeer.start());
        CallRecorder events = new CallRecorder(true);
        ua = closer.add(TestUserAgent.start("bob", events, c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build()));
        uac = closer.add(BareSipPeer.start("caller"));
        Request invite = uac.invite("bob", ua.sip(), iceSdp("caller", deadIcePort.port(), "call"));
        uac.send(invite);
        uac.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        List<String> initial = uac.arrivals().stream().filter(a -> !a.body().isEmpty())
                .map(BareSipPeer.Arrival::body).toList();
        await(events.awaitIncoming(DEADLINE).established());

        Request reInvite = uac.dialog().createRequest(Request.INVITE);
        reInvite.setContent(iceSdp("caller", deadIcePort.port(), "call"),
                uac.headers().createContentTypeHeader("application", "sdp"));
        uac.sendInDialog(reInvite);
        String reInviteAnswer = answerTo(reInvite);
        Request update = uac.dialog().createRequest(Request.UPDATE);
        update.setContent(iceSdp("caller", deadIcePort.port(), "call"),
                uac.headers().createContentTypeHeader("application", "sdp"));
        uac.sendInDialog(update);
        String updateAnswer = answerTo(update);

        long[] answer = origin(initial.get(0));
        for (String copy : initial) {
            assertEquals(answer[1], origin(copy)[1], "copies of one answer repeat its version: " + copy);
        }
        assertEquals(answer[0], origin(reInviteAnswer)[0]);
        assertEquals(answer[1] + 1, origin(reInviteAnswer)[1], "the re-INVITE's answer: version + 1");
        assertEquals(answer[0], origin(updateAnswer)[0]);
        assertEquals(answer[1] + 2, origin(updateAnswer)[1], "the UPDATE's answer: version + 1");
    }

    /** The body of the 200 answering {@code request} (matched by CSeq). */
    private String answerTo(Request request) throws InterruptedException {
        CSeqHeader sent = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return uac.await(a -> a.status() == 200 && sent.equals(a.response().getHeader(CSeqHeader.NAME)), 1, DEADLINE,
                "200 (" + request.getMethod() + ")").get(0).body();
    }

    /** {session id, version} of sipice's o= line. */
    private static long[] origin(String sdp) {
        Matcher m = ORIGIN.matcher(sdp);
        if (!m.find()) {
            throw new AssertionError("no o=sipice line in " + sdp);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** An ICE description (two components) on a port that answers no check. */
    private static String iceSdp(String user, int port, String ufrag) {
        return "v=0\r\no=" + user + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:" + ufrag + "\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }
}

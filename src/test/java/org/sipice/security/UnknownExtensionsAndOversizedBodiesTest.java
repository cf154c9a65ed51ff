package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import javax.sip.header.CSeqHeader;
import javax.sip.header.UnsupportedHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.sip.Call;
import org.sipice.sip.CallState;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.TestUserAgent;

/**
 * Requests sipice refuses before it looks at their offer: an option tag it does not understand in
 * Require (RFC 3261 §8.2.2.3: 420 Bad Extension listing it in Unsupported), a body above the SIP
 * layer's limit (RFC 3261 §21.5.14: 513 Message Too Large). Each refusal carries a Warning saying
 * why; no ICE session is created for a refused INVITE, and a refused re-INVITE leaves the call as
 * it was.
 */
class UnknownExtensionsAndOversizedBodiesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder bobEvents = new CallRecorder(true);
    private TestUserAgent bobUa;
    private HostileSipSender mallory;
    private BareSipPeer uac;
    private PlainRtpPeer deadIcePort;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {uac, mallory, deadIcePort, bobUa}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void anInviteRequiringAnUnknownExtensionGets420ListingItAndNoCall() throws Exception {
        bobUa = TestUserAgent.start("bob", bobEvents);
        mallory = HostileSipSender.start();
        deadIcePort = PlainRtpPeer.start();

        long cseq = mallory.send("INVITE", bob(), "ext-" + System.nanoTime(), "m1", null,
                iceSdp(deadIcePort.port(), "ext1"), "Require: foo, 100rel\r\nRequire: bar\r\n");

        HostileSipSender.Reply reply = mallory.awaitFinal(cseq, DEADLINE);
        assertEquals(420, reply.status(), reply.text());
        assertEquals(List.of("420"), statuses(mallory, cseq), "no 100 or 183 before the refusal: " + reply.text());
        assertEquals(List.of("foo", "bar"), headerValues(reply.text(), "Unsupported"), reply.text());
        assertTrue(reply.header("Warning").contains("unsupported extension required: foo, bar"), reply.text());
        assertTrue(bobUa.ua().calls().isEmpty());
    }

    @Test
    void anInviteWithABodyAboveTheLimitGets513NamingTheLimit() throws Exception {
        bobUa = TestUserAgent.start("bob", bobEvents);
        mallory = HostileSipSender.start();
        deadIcePort = PlainRtpPeer.start();
        StringBuilder sdp = new StringBuilder(iceSdp(deadIcePort.port(), "big1"));
        while (sdp.length() <= 40_000) {
            sdp.append("a=x-padding:").append("0123456789".repeat(10)).append("\r\n");
        }

        long cseq = mallory.send("INVITE", bob(), "big-" + System.nanoTime(), "m2", null, sdp.toString());

        HostileSipSender.Reply reply = mallory.awaitFinal(cseq, DEADLINE);
        assertEquals(513, reply.status(), reply.text());
        assertTrue(reply.header("Warning").contains("exceeds the limit of 32768"), reply.text());
        assertTrue(bobUa.ua().calls().isEmpty());
    }

    @Test
    void aReInviteRequiringAnUnknownExtensionGets420AndTheCallStaysAsItWas() throws Exception {
        deadIcePort = PlainRtpPeer.start();
        bobUa = TestUserAgent.start("bob", bobEvents, c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build());
        uac = BareSipPeer.start("caller");
        uac.send(uac.invite("bob", bobUa.sip(), iceSdp(deadIcePort.port(), "call")));
        uac.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established());
        int before = bobEvents.ladder().size();

        Request reInvite = uac.dialog().createRequest(Request.INVITE);
        reInvite.addHeader(uac.headers().createRequireHeader("foo"));
        reInvite.setContent(iceSdp(deadIcePort.port(), "new1"), uac.headers().createContentTypeHeader("application", "sdp"));
        uac.sendInDialog(reInvite);
        long cseq = ((CSeqHeader) reInvite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        BareSipPeer.Arrival refused = uac.await(a -> a.status() >= 300
                && ((CSeqHeader) a.response().getHeader(CSeqHeader.NAME)).getSeqNumber() == cseq, 1, DEADLINE,
                "the refusal of the re-INVITE").get(0);

        assertEquals(420, refused.status());
        assertEquals("foo", ((UnsupportedHeader) refused.response().getHeader(UnsupportedHeader.NAME)).getOptionTag());
        assertTrue(((WarningHeader) refused.response().getHeader(WarningHeader.NAME)).getText().contains("foo"));
        assertEquals(List.of("<- INVITE +SDP", "-> 420 Bad extension (INVITE)"), // JAIN-SIP's reason phrase
                bobEvents.ladder().subList(before, bobEvents.ladder().size()));
        assertEquals(CallState.ESTABLISHED, bob.state());
        assertEquals("call", bob.remoteIce().orElseThrow().credentials().ufrag(), "no ICE restart toward new1");
    }

    private InetSocketAddress bob() {
        return new InetSocketAddress("127.0.0.1", bobUa.sip().port());
    }

    private static List<String> statuses(HostileSipSender mallory, long cseq) {
        return mallory.replies().stream().filter(r -> r.cseq() == cseq).map(r -> String.valueOf(r.status())).toList();
    }

    /** Every value of header {@code name}, comma lists split, in order. */
    private static List<String> headerValues(String message, String name) {
        return message.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .flatMap(l -> java.util.Arrays.stream(l.substring(name.length() + 1).split(","))).map(String::trim)
                .toList();
    }

    /** An ICE offer (two components) on a port that answers no check. */
    private static String iceSdp(int port, String ufrag) {
        return "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:" + ufrag + "\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Closer;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * In-dialog offers at the edges: glare (RFC 3261 §14.1, 491 and the back-off), the legacy
 * {@code c=0.0.0.0} hold offer (RFC 8839 §4.4.2.1, §4.2.5) and a second INVITE while the first is
 * pending (RFC 3261 §14.2).
 */
class MidCallEdgesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(true);
    @RegisterExtension
    final Closer closer = new Closer();
    private TestUserAgent aliceUa;
    private TestUserAgent bobUa;
    private ScriptedUas uas;
    private BareSipPeer uac;
    private PlainRtpPeer deadIcePort;

    @Test
    void aReInviteAnswered491IsRetriedAfterTheCallIdOwnersBackOffAndTheCallSurvives() throws Exception {
        deadIcePort = closer.add(PlainRtpPeer.start());
        AtomicInteger invites = new AtomicInteger();
        uas = closer.add(ScriptedUas.start("peer", r -> invites.incrementAndGet() == 2 ? new ScriptedUas.Reply(491, null, List.of())
                : ScriptedUas.Reply.ok(iceSdp("peer", deadIcePort.port(), "peer"))));
        aliceUa = closer.add(TestUserAgent.start("alice", aliceEvents));
        Call alice = aliceUa.ua().call(uas.sipUri("bob"));
        await(alice.established());
        int before = aliceEvents.ladder().size();

        alice.hold();
        ScriptedUas.Message second = uas.awaitRequest(Request.INVITE, 2, DEADLINE);
        ScriptedUas.Message third = uas.awaitRequest(Request.INVITE, 3, DEADLINE);
        uas.awaitRequest(Request.ACK, 2, DEADLINE);
        aliceEvents.await(e -> aliceEvents.ladder().size() >= before + 5, DEADLINE, "the retried re-INVITE's ACK");

        assertEquals(List.of("-> INVITE +SDP", "<- 491 Request Pending (INVITE)", "-> INVITE +SDP",
                "<- 200 OK (INVITE) +SDP", "-> ACK"), aliceEvents.ladder().subList(before, before + 5));
        long gapMs = (third.atNanos() - second.atNanos()) / 1_000_000;
        // RFC 3261 §14.1: the owner of the Call-ID (the caller) waits 2.1 to 4 s.
        assertTrue(gapMs >= 2100, "retried after " + gapMs + " ms");
        assertTrue(gapMs < 4000 + 2000, "retried after " + gapMs + " ms (4 s + scheduling slack)");
        assertEquals(second.body(), third.body(), "the same offer is retried");
        assertEquals(CallState.ESTABLISHED, alice.state());
        alice.hangup();
        await(alice.ended());
    }

    @Test
    void whenBothSidesReOfferAtOnceBothOffersEndUpAnsweredAndTheCallSurvives() throws Exception {
        aliceUa = closer.add(TestUserAgent.start("alice", aliceEvents));
        bobUa = closer.add(TestUserAgent.start("bob", bobEvents));
        Call alice = aliceUa.ua().call(bobUa.uri());
        await(alice.established());
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established());
        await(alice.iceReady());
        await(bob.iceReady());
        int aliceBefore = aliceEvents.ladder().size();
        int bobBefore = bobEvents.ladder().size();

        alice.hold();
        bob.hold();

        // Each side's hold re-INVITE ends with a 200 and an ACK, after a 491 and a retry if they crossed.
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            int from = r == aliceEvents ? aliceBefore : bobBefore;
            r.await(e -> r.ladder().subList(from, r.ladder().size()).contains("-> ACK"), DEADLINE, "the hold's ACK");
            List<String> tail = r.ladder().subList(from, r.ladder().size());
            int glare = tail.indexOf("<- 491 Request Pending (INVITE)");
            if (glare >= 0) {
                assertTrue(tail.subList(glare, tail.size()).contains("-> INVITE +SDP"), "retried after the 491: " + tail);
            }
            assertTrue(tail.contains("<- 200 OK (INVITE) +SDP"), tail.toString());
        }
        assertEquals(CallState.ESTABLISHED, alice.state());
        assertEquals(CallState.ESTABLISHED, bob.state());
        assertTrue(alice.selectedPair(1).isPresent() && bob.selectedPair(1).isPresent());
    }

    @Test
    void aLegacyHoldOfferWithZeroConnectionAddressNeitherRestartsIceNorIsAMismatch() throws Exception {
        deadIcePort = closer.add(PlainRtpPeer.start());
        bobUa = closer.add(TestUserAgent.start("bob", bobEvents, c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build()));
        uac = closer.add(BareSipPeer.start("legacy"));
        uac.send(uac.invite("bob", bobUa.sip(), iceSdp("legacy", deadIcePort.port(), "lega")));
        String first = uac.await(a -> a.status() == 200, 1, DEADLINE, "200 OK").get(0).body();
        await(bobEvents.awaitIncoming(DEADLINE).established());
        int before = bobEvents.ladder().size();

        // RFC 3264 §8.4 (RFC 2543 style) hold: c=0.0.0.0, same ufrag and pwd.
        Request hold = uac.dialog().createRequest(Request.INVITE);
        hold.setContent(iceSdp("legacy", deadIcePort.port(), "lega").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0"),
                uac.headers().createContentTypeHeader("application", "sdp"));
        uac.sendInDialog(hold);
        String answer = uac.await(a -> a.status() == 200 && ((CSeqHeader) a.response().getHeader(CSeqHeader.NAME))
                .getSeqNumber() == 2, 1, DEADLINE, "200 to the hold").get(0).body();
        bobEvents.await(e -> bobEvents.ladder().size() >= before + 3, DEADLINE, "the hold's ACK at Bob");

        assertEquals(List.of("<- INVITE +SDP", "-> 200 OK (INVITE) +SDP", "<- ACK"),
                bobEvents.ladder().subList(before, before + 3));
        IceMedia audio = IceSdp.parse(answer).media().get(0);
        assertFalse(audio.iceMismatch(), "RFC 8839 §4.2.5: not a mismatch: " + answer);
        assertEquals(attribute(first, "ice-ufrag"), attribute(answer, "ice-ufrag"), "RFC 8839 §4.4.2.1: no restart");
        assertEquals(attribute(first, "ice-pwd"), attribute(answer, "ice-pwd"));
        assertFalse(audio.candidates().isEmpty(), answer);
        assertEquals(-1, bobEvents.indexOf(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartStarted),
                bobEvents.events().toString());
    }

    /**
     * RFC 3261 §14.2 wants 500 with Retry-After for an INVITE that arrives while the UAS has not
     * answered an earlier one. JAIN-SIP 1.3.0-91 answers it 491 itself before the listener sees
     * it (DialogFilter.java:990-1013; its automatic dialog error handling cannot be turned off
     * while automatic dialog support is on, SipStackImpl.java:984). The test pins that down and
     * checks what sipice owns: the first re-INVITE still completes and the call survives.
     */
    @Test
    void aReInviteWhileAnEarlierOneIsPendingIsRefusedAndTheFirstOneCompletes() throws Exception {
        deadIcePort = closer.add(PlainRtpPeer.start());
        // A STUN server that never answers: each gathering (and so each ICE restart) takes the
        // whole gathering deadline, which keeps the first re-INVITE pending.
        try (PlainRtpPeer silentStun = PlainRtpPeer.start()) {
            bobUa = closer.add(TestUserAgent.start("bob", bobEvents, c -> c.toBuilder()
                    .ringingGateTimeout(Duration.ofMillis(500)).ringingGatePolicy(RingingGatePolicy.RING_ANYWAY)
                    .ice(c.ice().toBuilder().addStunServer(new org.sipice.ice.StunServer(
                            new java.net.InetSocketAddress("127.0.0.1", silentStun.port()))).build()).build()));
            uac = closer.add(BareSipPeer.start("eager"));
            uac.send(uac.invite("bob", bobUa.sip(), iceSdp("eager", deadIcePort.port(), "eagr")));
            uac.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
            Call bob = bobEvents.awaitIncoming(DEADLINE);
            await(bob.established());
            int before = bobEvents.ladder().size();

            // A restart offer (new ufrag/pwd): Bob gathers before answering. A second re-INVITE
            // follows at once, outside the dialog's own queue (the RI would hold it back).
            Request restart = uac.dialog().createRequest(Request.INVITE);
            restart.setContent(iceSdp("eager", deadIcePort.port(), "new1"),
                    uac.headers().createContentTypeHeader("application", "sdp"));
            Request second = uac.dialog().createRequest(Request.INVITE);
            second.setContent(iceSdp("eager", deadIcePort.port(), "new2"),
                    uac.headers().createContentTypeHeader("application", "sdp"));
            uac.sendInDialog(restart);
            long firstCseq = ((CSeqHeader) restart.getHeader(CSeqHeader.NAME)).getSeqNumber();
            ((CSeqHeader) second.getHeader(CSeqHeader.NAME)).setSeqNumber(firstCseq + 1);
            uac.send(second);

            BareSipPeer.Arrival refused = uac.await(a -> a.status() >= 400 && cseq(a) == firstCseq + 1, 1, DEADLINE,
                    "the refusal of the second re-INVITE").get(0);
            assertEquals(491, refused.status(), "JAIN-SIP's answer (RFC 3261 §14.2 says 500 + Retry-After)");
            uac.await(a -> a.status() == 200 && cseq(a) == firstCseq, 1, DEADLINE, "200 to the first re-INVITE");
            bobEvents.await(e -> bobEvents.ladder().size() >= before + 3, DEADLINE, "the first re-INVITE's ACK");
            assertEquals(List.of("<- INVITE +SDP", "-> 200 OK (INVITE) +SDP", "<- ACK"),
                    bobEvents.ladder().subList(before, bobEvents.ladder().size()));
            assertEquals(CallState.ESTABLISHED, bob.state());
        }
    }

    private static long cseq(BareSipPeer.Arrival a) {
        return ((CSeqHeader) a.response().getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    private static String attribute(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        assertTrue(m.find(), name + " in " + sdp);
        return m.group(1);
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

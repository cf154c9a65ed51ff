package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.media.RtpPacket;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.TestUserAgent;

/**
 * The answerer's ICE mismatch (RFC 8839 §4.2.5, §5.3): an ICE offer whose {@code c=}/{@code m=}
 * is not among its candidates (an ALG rewrote it) gets {@code a=ice-mismatch} and no other ICE
 * attribute, and media flows as RFC 3264 to that {@code c=}/{@code m=}. The {@code 0.0.0.0} port 9
 * placeholder and an FQDN default are not a mismatch: those offers get an ICE answer.
 */
class IceMismatchTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final CallRecorder bobEvents = new CallRecorder(true);
    private BareSipPeer caller;
    private TestUserAgent bobUa;
    private PlainRtpPeer callerMedia;

    @AfterEach
    void stop() {
        if (bobUa != null) {
            bobUa.close();
        }
        if (caller != null) {
            caller.close();
        }
        if (callerMedia != null) {
            callerMedia.close();
        }
    }

    @Test
    void anOfferWhoseDefaultIsNotAmongItsCandidatesGetsIceMismatchAndPlainMedia() throws Exception {
        callerMedia = PlainRtpPeer.start();
        start();
        // The ALG rewrote c=/m= to the caller's media socket; the candidate still names the original port.
        caller.send(caller.invite("bob", bobUa.sip(), iceOffer("127.0.0.1", callerMedia.port(), callerMedia.port() + 2)));

        String answer = caller.await(a -> a.status() == 200, 1, DEADLINE, "200 OK").get(0).body();
        IceMedia audio = IceSdp.parse(answer).media().get(0);
        assertTrue(audio.iceMismatch(), answer);
        assertTrue(audio.credentials().isEmpty() && audio.candidates().isEmpty(), answer);
        assertFalse(answer.contains("a=ice-ufrag") || answer.contains("a=ice-options"), answer);
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established(), DEADLINE);
        assertEquals(List.of("<- INVITE +SDP", "-> 180 Ringing (INVITE)", "-> 200 OK (INVITE) +SDP", "<- ACK"),
                bobEvents.ladder());
        CallEvent.IceNotUsed notUsed = (CallEvent.IceNotUsed) bobEvents.await(e -> e instanceof CallEvent.IceNotUsed,
                DEADLINE, "IceNotUsed");
        assertTrue(notUsed.reason().contains("ICE mismatch") && notUsed.reason().contains("RFC 8839 §4.2.5"),
                notUsed.reason());

        // RFC 3264 media: Bob -> the offer's c=/m=, the caller -> the answer's c=/m=.
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> atBob.add(RtpPacket.sequence(data)));
        byte[] silence = new byte[160];
        for (int i = 0; i < 20; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            bob.media().send(1, p, 0, p.length);
        }
        callerMedia.awaitReceived(20, DEADLINE);
        callerMedia.send(new InetSocketAddress(audio.connectionAddress(), audio.port()), 0, 20);
        Eventually.atLeast(atBob::size, 20, DEADLINE, () -> "RTP packets at Bob");
        bob.hangup();
        await(bob.ended(), DEADLINE);
    }

    @Test
    void aReOfferWhoseDefaultWasRewrittenGetsIceMismatchAndTheCallGoesOnWithPlainMedia() throws Exception {
        callerMedia = PlainRtpPeer.start();
        caller = BareSipPeer.start("alg");
        bobUa = TestUserAgent.start("bob", bobEvents, c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build());
        int candidatePort = callerMedia.port() + 2;
        caller.send(caller.invite("bob", bobUa.sip(), iceOffer("127.0.0.1", candidatePort, candidatePort)));
        caller.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established(), DEADLINE);
        assertEquals(-1, bobEvents.indexOf(e -> e instanceof CallEvent.IceNotUsed), "ICE in use at first");

        // Mid-call, an ALG rewrites c=/m= of the caller's re-offer.
        javax.sip.message.Request reInvite = caller.dialog().createRequest(javax.sip.message.Request.INVITE);
        reInvite.setContent(iceOffer("127.0.0.1", callerMedia.port(), candidatePort),
                caller.headers().createContentTypeHeader("application", "sdp"));
        caller.sendInDialog(reInvite);
        long cseq = ((javax.sip.header.CSeqHeader) reInvite.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
        String answer = caller.await(a -> a.status() == 200 && ((javax.sip.header.CSeqHeader) a.response()
                .getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber() == cseq, 1, DEADLINE,
                "200 to the re-INVITE").get(0).body();
        IceMedia audio = IceSdp.parse(answer).media().get(0);
        assertTrue(audio.iceMismatch() && audio.credentials().isEmpty() && audio.candidates().isEmpty(), answer);
        bobEvents.await(e -> e instanceof CallEvent.IceNotUsed, DEADLINE, "IceNotUsed");
        bobEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof org.sipice.ice.IceEvent.Closed,
                DEADLINE, "Bob's ICE session closed");
        assertEquals(CallState.ESTABLISHED, bob.state());

        byte[] silence = new byte[160];
        for (int i = 0; i < 20; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            bob.media().send(1, p, 0, p.length);
        }
        callerMedia.awaitReceived(20, DEADLINE);
        bob.hangup();
        await(bob.ended(), DEADLINE);
    }

    @Test
    void theZeroAddressPort9PlaceholderIsNotAMismatch() throws Exception {
        assertIceAnswer(iceOffer("0.0.0.0", 9, 40000));
    }

    @Test
    void anFqdnDefaultIsNotAMismatch() throws Exception {
        assertIceAnswer(iceOffer("media.example.invalid", 40000, 40002));
    }

    @Test
    void anOfferWhoseDefaultIsItsCandidateIsNotAMismatch() throws Exception {
        assertIceAnswer(iceOffer("127.0.0.1", 40000, 40000));
    }

    private void assertIceAnswer(String offer) throws Exception {
        start();
        caller.send(caller.invite("bob", bobUa.sip(), offer));
        String answer = caller.await(a -> !a.body().isEmpty(), 1, DEADLINE, "a response with the answer").get(0).body();
        IceMedia audio = IceSdp.parse(answer).media().get(0);
        assertFalse(audio.iceMismatch(), answer);
        assertTrue(audio.credentials().isPresent() && !audio.candidates().isEmpty(), answer);
        assertEquals(-1, bobEvents.indexOf(e -> e instanceof CallEvent.IceNotUsed), bobEvents.events().toString());
    }

    private void start() throws Exception {
        caller = BareSipPeer.start("alg");
        bobUa = TestUserAgent.start("bob", bobEvents);
    }

    /** An ICE offer, rtcp-mux, default {@code address:port}, one host candidate on 127.0.0.1:{@code candidatePort}. */
    private static String iceOffer(String address, int port, int candidatePort) {
        String family = address.contains(":") ? "IP6" : "IP4";
        return "v=0\r\no=alg 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN " + family + " " + address + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n"
                + "a=ice-ufrag:algx\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + candidatePort + " typ host\r\n";
    }
}

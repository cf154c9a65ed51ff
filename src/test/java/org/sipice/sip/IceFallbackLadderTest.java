package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.media.RtpPacket;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.Resources;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * The offerer's fallback to RFC 3264 (RFC 8839 §4.4.3.1, §4.2.5): Alice (sipice) offers ICE; the
 * answer has no ICE attributes, or {@code a=ice-mismatch}. The call is not dropped: her ICE
 * session closes, media goes between the two {@code c=}/{@code m=} addresses, and her next offer
 * restarts ICE with fresh credentials.
 *
 * <pre>
 *   Alice (ICE)                              peer / B2BUA (no ICE)
 *     INVITE (offer with candidates)     -->
 *                                        <-- 200 OK (plain answer, or a=ice-mismatch)
 *     ACK                                -->
 *     IceNotUsed; RTP <==> c=/m=
 * </pre>
 */
class IceFallbackLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final List<String> INVITE_200_ACK = List.of("-> INVITE +SDP", "<- 200 OK (INVITE) +SDP", "-> ACK");

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private TestUserAgent aliceUa;
    private ScriptedUas peer;
    private PlainRtpPeer peerMedia;
    private PlainRtpPeer mediaServer;
    private PlainRtpPeer deadIcePort;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {aliceUa, peer, peerMedia, mediaServer, deadIcePort}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aCalleeWithoutIceAnswersPlainSdpAndMediaFlowsBothWaysWithoutIce() throws Exception {
        peerMedia = PlainRtpPeer.start();
        peer = ScriptedUas.start("plain", invite -> ScriptedUas.Reply.ok(peerMedia.sdp("plain")));
        aliceUa = TestUserAgent.start("alice", aliceEvents);
        int socketsBefore = Resources.udpSockets();

        Call alice = aliceUa.ua().call(peer.sipUri("bob"));
        await(alice.established());
        CallEvent.IceNotUsed notUsed = awaitIceNotUsed(1);
        awaitIceClosed(1);

        assertEquals(INVITE_200_ACK, aliceEvents.ladder());
        assertTrue(notUsed.reason().contains("no ICE attributes") && notUsed.reason().contains("RFC 8839 §4.4.3.1"),
                notUsed.reason());
        IceMedia offer = audio(peer.awaitRequest(Request.INVITE, 1, DEADLINE).body());
        assertEquals("127.0.0.1:" + peerMedia.port(), notUsed.remote());
        assertEquals(offer.defaultCandidate(1).orElseThrow().toString(), notUsed.local(),
                "Alice receives where her offer's c=/m= said");
        assertTrue(alice.selectedPair(1).isEmpty(), "no ICE, no pair");
        await(alice.iceReady()); // media usable

        assertMediaBothWays(alice, peerMedia, offer, 0);

        alice.hangup();
        await(alice.ended());
        assertEquals(List.of("-> INVITE +SDP", "<- 200 OK (INVITE) +SDP", "-> ACK", "-> BYE", "<- 200 OK (BYE)"),
                aliceEvents.ladder());
        Eventually.atMost(Resources::udpSockets, socketsBefore, Duration.ofSeconds(10),
                () -> "UDP sockets after the call (the plain RTP/RTCP sockets closed)");
    }

    @Test
    void aReOfferAnsweredWithoutIceByAMediaServerKeepsTheCallAndTheNextOfferRestartsIce() throws Exception {
        deadIcePort = PlainRtpPeer.start(); // answers no check: ICE never completes, which does not matter here
        mediaServer = PlainRtpPeer.start();
        peer = ScriptedUas.start("b2bua", invite -> ScriptedUas.Reply.ok(iceAnswer(deadIcePort.port())));
        aliceUa = TestUserAgent.start("alice", aliceEvents);
        Call alice = aliceUa.ua().call(peer.sipUri("bob"));
        await(alice.established());
        assertEquals(-1, aliceEvents.indexOf(e -> e instanceof CallEvent.IceNotUsed), "ICE answer: ICE in use");

        // The B2BUA puts a media server in the path during hold: its answer has no ICE.
        peer.script(invite -> ScriptedUas.Reply.ok(mediaServer.sdp("mediaserver")));
        alice.hold();
        CallEvent.IceNotUsed notUsed = awaitIceNotUsed(1);
        aliceEvents.await(nth(CallEvent.Direction.SENT, "ACK", 2), DEADLINE, "the ACK of the hold re-INVITE");
        awaitIceClosed(1);

        assertEquals(concat(INVITE_200_ACK, INVITE_200_ACK), aliceEvents.ladder());
        assertEquals(CallState.ESTABLISHED, alice.state(), "RFC 8839 §4.4.3.1: SHOULD NOT drop the dialog");
        assertEquals("127.0.0.1:" + mediaServer.port(), notUsed.remote());
        IceMedia holdOffer = audio(peer.awaitRequest(Request.INVITE, 2, DEADLINE).body());
        assertMediaBothWays(alice, mediaServer, holdOffer, 0);

        // The next offer restarts ICE: new ufrag and pwd (RFC 8839 §4.4.3.1, §4.4.1.1.1).
        alice.resume();
        String resumeOffer = peer.awaitRequest(Request.INVITE, 3, DEADLINE).body();
        awaitIceNotUsed(2); // the media server still answers without ICE
        aliceEvents.await(nth(CallEvent.Direction.SENT, "ACK", 3), DEADLINE, "the ACK of the resume re-INVITE");
        String holdSdp = peer.awaitRequest(Request.INVITE, 2, DEADLINE).body();
        assertNotEquals(attribute(holdSdp, "ice-ufrag"), attribute(resumeOffer, "ice-ufrag"));
        assertNotEquals(attribute(holdSdp, "ice-pwd"), attribute(resumeOffer, "ice-pwd"));
        assertTrue(resumeOffer.contains("a=candidate:"), resumeOffer);
        assertEquals(concat(concat(INVITE_200_ACK, INVITE_200_ACK), INVITE_200_ACK), aliceEvents.ladder());
        assertMediaBothWays(alice, mediaServer, audio(resumeOffer), 100);

        alice.hangup();
        await(alice.ended());
    }

    @Test
    void anAnswerWithIceMismatchMakesTheOffererFallBackToPlainMedia() throws Exception {
        peerMedia = PlainRtpPeer.start();
        peer = ScriptedUas.start("alg", invite -> ScriptedUas.Reply.ok(
                peerMedia.sdp("alg").replace("a=sendrecv\r\n", "a=sendrecv\r\na=ice-mismatch\r\n")));
        aliceUa = TestUserAgent.start("alice", aliceEvents);

        Call alice = aliceUa.ua().call(peer.sipUri("bob"));
        await(alice.established());
        CallEvent.IceNotUsed notUsed = awaitIceNotUsed(1);
        awaitIceClosed(1);

        assertEquals(INVITE_200_ACK, aliceEvents.ladder());
        assertTrue(notUsed.reason().contains("a=ice-mismatch") && notUsed.reason().contains("RFC 8839 §4.2.5"),
                notUsed.reason());
        assertMediaBothWays(alice, peerMedia, audio(peer.awaitRequest(Request.INVITE, 1, DEADLINE).body()), 0);
        alice.hangup();
        await(alice.ended());
    }

    @Test
    void afterTheFallbackThePeersReOffersAreAnsweredPlainOrWithFreshIce() throws Exception {
        peerMedia = PlainRtpPeer.start();
        mediaServer = PlainRtpPeer.start();
        deadIcePort = PlainRtpPeer.start();
        peer = ScriptedUas.start("plain", invite -> ScriptedUas.Reply.ok(peerMedia.sdp("plain")));
        aliceUa = TestUserAgent.start("alice", aliceEvents);
        Call alice = aliceUa.ua().call(peer.sipUri("bob"));
        await(alice.established());
        awaitIceNotUsed(1);

        // RFC 3264 §8: the peer moves its media (a media server now) in a plain re-INVITE.
        peer.sendInDialog(Request.INVITE, mediaServer.sdp("mediaserver"));
        String plainAnswer = peer.await(m -> m.response() != null && m.label().equals("200 (INVITE)"), 1, DEADLINE,
                "200 to the plain re-INVITE").get(0).body();
        assertTrue(!plainAnswer.contains("a=ice-") && !plainAnswer.contains("a=candidate"), plainAnswer);
        IceMedia offer = audio(peer.awaitRequest(Request.INVITE, 1, DEADLINE).body());
        assertEquals(offer.connectionAddress() + ":" + offer.port(),
                audio(plainAnswer).connectionAddress() + ":" + audio(plainAnswer).port(), "the same plain socket");
        assertMediaBothWays(alice, mediaServer, offer, 0);

        // The peer offers ICE again: Alice answers from a fresh ICE session and starts checks.
        int checksBefore = (int) aliceEvents.events().stream().filter(e -> e instanceof CallEvent.Ice i
                && i.event() instanceof IceEvent.ChecksStarted).count();
        peer.sendInDialog(Request.INVITE, iceAnswer(deadIcePort.port()));
        String iceAnswer = peer.await(m -> m.response() != null && m.label().equals("200 (INVITE)"), 2, DEADLINE,
                "200 to the ICE re-INVITE").get(1).body();
        assertTrue(audio(iceAnswer).credentials().isPresent() && !audio(iceAnswer).candidates().isEmpty(), iceAnswer);
        aliceEvents.await(e -> aliceEvents.events().stream().filter(x -> x instanceof CallEvent.Ice i
                && i.event() instanceof IceEvent.ChecksStarted).count() > checksBefore, DEADLINE, "checks on the new session");
        assertEquals(CallState.ESTABLISHED, alice.state());
        alice.hangup();
        await(alice.ended());
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** An ICE answer (two components) whose candidates never answer a check. */
    private static String iceAnswer(int port) {
        return "v=0\r\no=b2bua 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:b2bu\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }

    /** RTP Alice -> the peer's c=/m=, and the peer -> the c=/m= of Alice's {@code offer}. */
    private static void assertMediaBothWays(Call alice, PlainRtpPeer peerMedia, IceMedia offer, int firstSeq)
            throws Exception {
        Set<Integer> atAlice = ConcurrentHashMap.newKeySet();
        alice.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atAlice.add(RtpPacket.sequence(data));
            }
        });
        byte[] silence = new byte[160];
        int before = peerMedia.receivedCount();
        for (int i = firstSeq; i < firstSeq + 20; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xA11CEL, silence);
            alice.media().send(1, p, 0, p.length);
        }
        peerMedia.awaitReceived(before + 20, DEADLINE);
        peerMedia.send(new InetSocketAddress(offer.connectionAddress(), offer.port()), firstSeq, 20);
        Eventually.atLeast(atAlice::size, 20, DEADLINE, () -> "RTP packets received by Alice");
    }

    private CallEvent.IceNotUsed awaitIceNotUsed(int n) throws InterruptedException {
        aliceEvents.await(e -> aliceEvents.events().stream().filter(x -> x instanceof CallEvent.IceNotUsed).count() >= n,
                DEADLINE, n + " IceNotUsed");
        return aliceEvents.events().stream().filter(x -> x instanceof CallEvent.IceNotUsed)
                .map(x -> (CallEvent.IceNotUsed) x).toList().get(n - 1);
    }

    private void awaitIceClosed(int n) throws InterruptedException {
        aliceEvents.await(e -> aliceEvents.events().stream().filter(x -> x instanceof CallEvent.Ice i
                && i.event() instanceof IceEvent.Closed).count() >= n, DEADLINE, n + " ICE session(s) closed");
    }

    private java.util.function.Predicate<CallEvent> nth(CallEvent.Direction d, String label, int n) {
        return ignored -> aliceEvents.events().stream().filter(e -> e instanceof CallEvent.SipMessage m
                && m.direction() == d && m.label().equals(label)).count() >= n;
    }

    private static IceMedia audio(String sdp) {
        return IceSdp.parse(sdp).media().get(0);
    }

    private static String attribute(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        assertTrue(m.find(), name + " in " + sdp);
        return m.group(1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

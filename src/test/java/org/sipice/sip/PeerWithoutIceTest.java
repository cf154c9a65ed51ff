package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ContactHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.media.RtpPacket;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * RFC 5768 and peers without ICE. The peer is a bare JAIN-SIP endpoint with a plain UDP socket
 * for RTP: it offers no ICE, so Bob answers as plain RFC 3264 (unless his profile requires ICE)
 * and media flows between Bob's answer address and the offer's {@code c=}/{@code m=}.
 */
class PeerWithoutIceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final CallRecorder bobEvents = new CallRecorder(true);
    private BareSipPeer peer;
    private TestUserAgent bobUa;
    private DatagramSocket peerRtp;

    @AfterEach
    void stop() {
        if (bobUa != null) {
            bobUa.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (peerRtp != null) {
            peerRtp.close();
        }
    }

    @Test
    void anOfferWithoutIceGetsAPlainAnswerAndMediaFlowsToItsConnectionAddress() throws Exception {
        peer = BareSipPeer.start("plain");
        bobUa = TestUserAgent.start("bob", bobEvents);
        peerRtp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Request invite = peer.invite("bob", bobUa.sip(), plainOffer(peerRtp.getLocalPort()));
        invite.addHeader(peer.headers().createSupportedHeader("ice")); // tolerated (RFC 5768 §4.3 says Require only)
        peer.send(invite);

        BareSipPeer.Arrival ok = peer.await(a -> a.status() == 200, 1, DEADLINE, "200 OK").get(0);
        IceMedia answer = IceSdp.parse(ok.body()).media().get(0);
        assertTrue(answer.credentials().isEmpty() && answer.candidates().isEmpty(), "no ICE in the answer: "
                + ok.body());
        assertFalse(ok.body().contains("a=ice-"), ok.body());
        assertContactHasIceTag((ContactHeader) ok.response().getHeader(ContactHeader.NAME));
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established(), DEADLINE);
        assertTrue(bob.selectedPair(1).isEmpty(), "no ICE, no pair");
        assertEquals(List.of(
                "<- INVITE +SDP",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK"), bobEvents.ladder());

        // RTP both ways: Bob -> the offer's c=/m=, the peer -> the answer's c=/m=.
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        CountDownLatch bobGot = new CountDownLatch(20);
        bob.media().receive((c, data, len, from) -> {
            if (c == 1 && atBob.add(RtpPacket.sequence(data))) {
                bobGot.countDown();
            }
        });
        InetSocketAddress bobRtp = new InetSocketAddress(answer.connectionAddress(), answer.port());
        byte[] silence = new byte[160];
        for (int i = 0; i < 20; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            bob.media().send(1, p, 0, p.length);
            byte[] q = RtpPacket.packet(0, i, i * 160L, 0xFEEDL, silence);
            peerRtp.send(new DatagramPacket(q, q.length, bobRtp));
        }
        peerRtp.setSoTimeout((int) DEADLINE.toMillis());
        Set<Integer> atPeer = new java.util.HashSet<>();
        byte[] buffer = new byte[1500];
        while (atPeer.size() < 20) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            peerRtp.receive(packet);
            atPeer.add(RtpPacket.sequence(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
        }
        assertTrue(bobGot.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "Bob received " + atBob.size());

        bob.hangup();
        await(bob.ended(), DEADLINE);
        assertTrue(bobUa.ua().calls().isEmpty());
    }

    @Test
    void whenIceIsRequiredOurInviteSaysSoAndNeverPutsIceInSupported() throws Exception {
        peer = BareSipPeer.start("uas");
        TestUserAgent alice = TestUserAgent.start("alice", new CallRecorder(false),
                c -> c.toBuilder().iceRequired(true).build());
        bobUa = alice;
        alice.ua().call(peer.sipUri("bob"));
        Request invite = peer.awaitRequest(Request.INVITE, DEADLINE);
        assertEquals("ice", ((RequireHeader) invite.getHeader(RequireHeader.NAME)).getOptionTag());
        for (ListIterator<?> it = invite.getHeaders(SupportedHeader.NAME); it.hasNext();) {
            assertFalse("ice".equalsIgnoreCase(((SupportedHeader) it.next()).getOptionTag()),
                    "RFC 5768 §4.3: ice goes in Require only");
        }
        assertContactHasIceTag((ContactHeader) invite.getHeader(ContactHeader.NAME));
    }

    @Test
    void byDefaultOurInviteDoesNotRequireIce() throws Exception {
        peer = BareSipPeer.start("uas");
        bobUa = TestUserAgent.start("alice", new CallRecorder(false));
        bobUa.ua().call(peer.sipUri("bob"));
        Request invite = peer.awaitRequest(Request.INVITE, DEADLINE);
        assertNull(invite.getHeader(RequireHeader.NAME));
        assertContactHasIceTag((ContactHeader) invite.getHeader(ContactHeader.NAME));
    }

    private static void assertContactHasIceTag(ContactHeader contact) {
        assertNotNull(contact);
        assertTrue(contact.toString().contains(";+sip.ice"), "RFC 5768 §4.1 feature tag: " + contact);
        assertFalse(contact.toString().contains("+sip.ice="), "a flag without value: " + contact);
    }

    private static String plainOffer(int rtpPort) {
        return "v=0\r\no=plain 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
    }

}

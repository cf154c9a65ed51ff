package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ReasonHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.TransportAddr;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.Resources;
import org.sipice.testing.TestUserAgent;

/**
 * Offerless INVITEs between sipice and a bare JAIN-SIP peer that sends exactly what the test says:
 * a caller without 100rel whose ACK carries an ICE answer made by a test {@link IceSession} (ICE
 * then completes with sipice's offer), and the broken cases on both sides: no answer in the ACK
 * (BYE with Reason and Warning), a bad answer in the PRACK (488 to both), a 200 without an offer or
 * with a malformed one (ACK, then BYE), a malformed offer in a reliable 183 (CANCEL, no PRACK).
 */
class OfferlessInviteBarePeerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String BROKEN_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=candidate:broken\r\n";

    private final CallRecorder bobEvents = new CallRecorder(true);
    private TestUserAgent bob;
    private BareSipPeer peer;
    private IceSession peerIce;

    @BeforeEach
    void start() throws Exception {
        bob = TestUserAgent.start("bob", bobEvents);
        peer = BareSipPeer.start("raw");
    }

    @AfterEach
    void stop() {
        if (peerIce != null) {
            peerIce.close();
        }
        peer.close();
        bob.close();
    }

    @Test
    void aCallerWithout100relAnswersTheOfferOfThe200InItsAckAndIceCompletes() throws Exception {
        peerIce = IceSession.create(IceConfig.builder().hostAddresses(List.of(java.net.InetAddress.getByName("127.0.0.1"))).build(),
                IceRole.CONTROLLED, null);
        LocalIce local = await(peerIce.gather());
        peer.ackWith(ok -> {
            IceMedia offer = IceSdp.parse(new String(ok.getRawContent(), java.nio.charset.StandardCharsets.UTF_8)).media().get(0);
            peerIce.start(new RemoteIce(offer.credentials().orElseThrow(), offer.candidates(), false,
                    OptionalInt.empty(), List.of("ice2")));
            return answer(local);
        });
        peer.send(peer.invite("bob", bob.sip(), null));

        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        await(bobCall.established());
        await(bobCall.iceReady());
        await(peerIce.completion());

        CandidatePairInfo pair = bobCall.selectedPair(1).orElseThrow();
        assertEquals(peerIce.selectedPair(1).orElseThrow().local().transportAddr(), pair.remote().transportAddr());
        // Bob's RTP reaches the peer's ICE session over the pair Bob selected.
        CountDownLatch received = new CountDownLatch(1);
        peerIce.media().receive((c, data, len, from) -> received.countDown());
        byte[] rtp = org.sipice.media.RtpPacket.packet(0, 1, 160, 0xB0BL, new byte[160]);
        bobCall.media().send(1, rtp, 0, rtp.length);
        assertTrue(received.await(5, TimeUnit.SECONDS), "the peer received Bob's RTP");

        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP"), bobEvents.ladder());
    }

    @Test
    void anAckWithoutAnswerMakesBobEndTheCallWithByeReasonAndWarning() throws Exception {
        int socketsBefore = Resources.udpSockets();
        peer.send(peer.invite("bob", bob.sip(), null));

        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        CallEvent.Ended ended = await(bobCall.ended());
        assertTrue(ended.failure());
        assertEquals("no usable answer in the ACK: the ACK carries no SDP", ended.reason());

        Request bye = peer.awaitRequest(Request.BYE, DEADLINE);
        ReasonHeader reason = (ReasonHeader) bye.getHeader(ReasonHeader.NAME);
        assertEquals("SIP", reason.getProtocol());
        assertEquals(488, reason.getCause());
        assertTrue(((WarningHeader) bye.getHeader(WarningHeader.NAME)).getText().contains("no usable answer in the ACK"));
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK",
                "-> BYE",
                "<- 200 OK (BYE)"), bobEvents.ladder());
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "UDP sockets after the call");
        assertTrue(bob.ua().calls().isEmpty());
    }

    @Test
    void aPrackWithAMalformedAnswerGets488AndSoDoesTheInvite() throws Exception {
        assertPrackRejected(BROKEN_SDP, "<- PRACK +SDP");
    }

    @Test
    void aPrackWithoutAnswerGets488AndSoDoesTheInvite() throws Exception {
        assertPrackRejected(null, "<- PRACK");
    }

    private void assertPrackRejected(String prackSdp, String prackLine) throws Exception {
        int socketsBefore = Resources.udpSockets();
        Request invite = peer.invite("bob", bob.sip(), null);
        invite.addHeader(peer.headers().createSupportedHeader("100rel"));
        peer.send(invite);

        Response progress = peer.await(a -> a.status() == 183, 1, DEADLINE, "183").get(0).response();
        Request prack = peer.dialog().createPrack(progress);
        if (prackSdp != null) {
            prack.setContent(prackSdp, peer.headers().createContentTypeHeader("application", "sdp"));
        }
        peer.sendInDialog(prack);

        List<BareSipPeer.Arrival> rejected = peer.await(a -> a.status() == 488, 2, DEADLINE, "488 (PRACK, INVITE)");
        for (BareSipPeer.Arrival a : rejected) {
            assertTrue(((WarningHeader) a.response().getHeader(WarningHeader.NAME)).getText()
                    .contains("no usable answer in the PRACK"), a.response().toString());
        }
        Call bobCall = bobEvents.awaitIncoming(DEADLINE);
        assertTrue(await(bobCall.ended()).failure());
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                prackLine,
                "-> 488 Not Acceptable here (PRACK)",
                "-> 488 Not Acceptable here (INVITE)"), bobEvents.ladder());
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "UDP sockets after the call");
    }

    @Test
    void aliceAcksA200WithoutOfferThenSendsBye() throws Exception {
        assertAckThenBye(null, "the 200 OK carries no offer to our offerless INVITE (RFC 3261 §13.2.1)",
                "<- 200 OK (INVITE)");
    }

    @Test
    void aliceAcksA200WithAMalformedOfferThenSendsBye() throws Exception {
        assertAckThenBye(BROKEN_SDP, "unusable offer in the 200: malformed SDP", "<- 200 OK (INVITE) +SDP");
    }

    @Test
    void aliceCancelsWhenAReliable183CarriesAMalformedOffer() throws Exception {
        CallRecorder aliceEvents = new CallRecorder(false);
        try (TestUserAgent alice = TestUserAgent.start("alice", aliceEvents)) {
            peer.answerInvitesWith((st, invite) -> {
                javax.sip.Dialog dialog = st.getDialog();
                Response progress = dialog.createReliableProvisionalResponse(Response.SESSION_PROGRESS);
                ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag("peertag");
                progress.addHeader(peer.headers().createContactHeader(javax.sip.SipFactory.getInstance()
                        .createAddressFactory().createAddress(peer.sipUri("peer"))));
                progress.setContent(BROKEN_SDP, peer.headers().createContentTypeHeader("application", "sdp"));
                dialog.sendReliableProvisionalResponse(progress);
            });
            Call call = alice.ua().callWithoutOffer(peer.sipUri("peer"));
            CallEvent.Ended ended = await(call.ended());
            assertTrue(ended.failure());
            assertTrue(ended.reason().startsWith("unusable offer in the 183: malformed SDP"), ended.reason());
            peer.awaitRequest(Request.CANCEL, DEADLINE);
            // No PRACK: we cannot answer that offer (RFC 3262 §5), so the INVITE is cancelled.
            assertEquals(List.of("-> INVITE", "<- 183 Session progress (INVITE) [100rel] +SDP", "-> CANCEL"),
                    aliceEvents.ladder().subList(0, 3)); // the RI's reason phrase, as the bare peer sends it
            assertTrue(peer.requests().stream().noneMatch(r -> r.getMethod().equals(Request.PRACK)));
            assertTrue(alice.ua().calls().isEmpty());
        }
    }

    /** RFC 3261 §13.2.2.4: a 2xx whose offer we cannot take is ACKed, then the call ends with BYE. */
    private void assertAckThenBye(String okSdp, String why, String okLine) throws Exception {
        CallRecorder aliceEvents = new CallRecorder(false);
        try (TestUserAgent alice = TestUserAgent.start("alice", aliceEvents)) {
            peer.answerInvitesWith((st, invite) -> {
                Response ok = peer.messages().createResponse(Response.OK, invite);
                ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("peertag");
                ok.addHeader(peer.headers().createContactHeader(javax.sip.SipFactory.getInstance()
                        .createAddressFactory().createAddress(peer.sipUri("peer"))));
                if (okSdp != null) {
                    ok.setContent(okSdp, peer.headers().createContentTypeHeader("application", "sdp"));
                }
                st.sendResponse(ok);
            });
            Call call = alice.ua().callWithoutOffer(peer.sipUri("peer"));
            CallEvent.Ended ended = await(call.ended());
            assertTrue(ended.failure());
            assertTrue(ended.reason().startsWith(why), ended.reason());
            Request bye = peer.awaitRequest(Request.BYE, DEADLINE);
            assertEquals(488, ((ReasonHeader) bye.getHeader(ReasonHeader.NAME)).getCause());
            // Warning text is printable ASCII: '§' is spelt out (SipContext.warning).
            String warning = ((WarningHeader) bye.getHeader(WarningHeader.NAME)).getText();
            assertTrue(warning.startsWith(why.replace("§", "section ")), warning);
            assertEquals(List.of("-> INVITE", okLine, "-> ACK", "-> BYE", "<- 200 OK (BYE)"), aliceEvents.ladder());
            assertTrue(alice.ua().calls().isEmpty());
        }
    }

    /** An RFC 8839 answer from {@code local}: PCMU, host candidates, no rtcp-mux. */
    private static String answer(LocalIce local) {
        TransportAddr rtp = local.defaults().get(1);
        TransportAddr rtcp = local.defaults().get(2);
        IceMedia audio = IceMedia.builder().mediaType("audio").port(rtp.port()).protocol("RTP/AVP")
                .formats(List.of("0")).connection("IP4", rtp.address())
                .attribute("rtpmap", "0 PCMU/8000").attribute("sendrecv", null)
                .rtcp(rtcp.port(), "IN IP4 " + rtcp.address())
                .credentials(local.credentials()).candidates(local.candidates()).build();
        return IceSdp.format(IceDescription.builder().origin("raw", 1, 1, "IP4", rtp.address()).sessionName("-")
                .iceOptions(List.of("ice2")).addMedia(audio).build());
    }
}

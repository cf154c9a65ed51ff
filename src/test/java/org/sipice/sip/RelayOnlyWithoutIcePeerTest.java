package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;
import static org.sipice.testing.Await.awaitFailure;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.diagnostics.CallReport;
import org.sipice.ice.IceCandidateStats;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Coturn;
import org.sipice.testing.Eventually;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * Relay-only (privacy: no host or server-reflexive address of ours ever reaches the peer) facing
 * a peer without ICE (issue 11, defect 7). Plain RFC 3264 media would come from, and be answered
 * to, a socket on our host address, so sipice refuses such media and names the policy: a 488 with
 * a Warning for the peer's offer (an INVITE or a re-INVITE with {@code a=ice-mismatch}); for an
 * answer without ICE to our offer, ACK then BYE with a Reason and a Warning, the call ending as a
 * failure that says why. Nothing is ever sent from a host socket, and the call's report lists
 * relayed candidates only.
 */
class RelayOnlyWithoutIcePeerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder events = new CallRecorder(true);
    private final List<AutoCloseable> fixtures = new java.util.ArrayList<>();
    private Coturn coturn;

    @BeforeEach
    void startTurn() throws Exception {
        coturn = fixture(Coturn.start());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = fixtures.size() - 1; i >= 0; i--) {
            fixtures.get(i).close();
        }
    }

    @Test
    void aPlainOfferToARelayOnlyCalleeGets488WithAWarningNamingThePolicy() throws Exception {
        PlainRtpPeer peerMedia = fixture(PlainRtpPeer.start());
        BareSipPeer peer = fixture(BareSipPeer.start("plain"));
        TestUserAgent bob = fixture(TestUserAgent.start("bob", events, relayOnly()));

        peer.send(peer.invite("bob", bob.sip(), peerMedia.sdp("plain")));

        BareSipPeer.Arrival refused = peer.await(a -> a.status() >= 200, 1, DEADLINE, "a final response").get(0);
        assertEquals(488, refused.status(), refused.response().toString());
        assertTrue(warning(refused.response()).contains("relay-only"), refused.response().toString());
        assertTrue(refused.body().isEmpty(), "no answer, so no address of ours: " + refused.body());
        assertEquals(0, peerMedia.receivedCount(), "no RTP from a host socket");
        Eventually.atMost(() -> bob.ua().calls().size(), 0, DEADLINE, () -> "Bob's calls");
    }

    @Test
    void aPlainAnswerToARelayOnlyCallerEndsTheCallWithByeNamingThePolicy() throws Exception {
        PlainRtpPeer peerMedia = fixture(PlainRtpPeer.start());
        ScriptedUas peer = fixture(ScriptedUas.start("plain", invite -> ScriptedUas.Reply.ok(peerMedia.sdp("plain"))));
        TestUserAgent alice = fixture(TestUserAgent.start("alice", events, relayOnly()));

        Call call = alice.ua().call(peer.sipUri("bob"));
        CallEvent.Ended ended = await(call.ended());

        assertEquals(List.of("-> INVITE +SDP", "<- 200 OK (INVITE) +SDP", "-> ACK", "-> BYE", "<- 200 OK (BYE)"),
                events.ladder());
        assertTrue(ended.failure() && ended.reason().contains("relay-only"), ended.toString());
        Request bye = peer.awaitRequest(Request.BYE, 1, DEADLINE).request();
        assertTrue(warning(bye).contains("relay-only"), bye.toString());
        assertEquals(-1, events.indexOf(e -> e instanceof CallEvent.IceNotUsed), "no fallback to plain media");
        assertIceReadyFailed(call);
        assertEquals(0, peerMedia.receivedCount(), "no RTP from a host socket");
        assertRelayedOnly(call.report());
        Eventually.atMost(coturn::liveAllocations, 0, DEADLINE, () -> "TURN allocations left");
    }

    @Test
    void aPlainAnswerToARelayOnlyReOfferEndsTheCallInsteadOfFallingBack() throws Exception {
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start()); // ICE never completes: it does not matter here
        PlainRtpPeer mediaServer = fixture(PlainRtpPeer.start());
        ScriptedUas peer = fixture(ScriptedUas.start("b2bua", invite -> ScriptedUas.Reply.ok(
                iceSdp(deadIcePort.port(), deadIcePort.port()))));
        TestUserAgent alice = fixture(TestUserAgent.start("alice", events, relayOnly()));
        Call call = alice.ua().call(peer.sipUri("bob"));
        await(call.established());

        // A B2BUA puts a media server without ICE in the path during hold.
        peer.script(invite -> ScriptedUas.Reply.ok(mediaServer.sdp("mediaserver")));
        call.hold();
        CallEvent.Ended ended = await(call.ended());

        assertTrue(ended.reason().contains("relay-only") || warnings().stream().anyMatch(w -> w.contains("relay-only")),
                ended + " " + warnings());
        Request bye = peer.awaitRequest(Request.BYE, 1, DEADLINE).request();
        assertTrue(warning(bye).contains("relay-only"), bye.toString());
        assertEquals(-1, events.indexOf(e -> e instanceof CallEvent.IceNotUsed), "no fallback to plain media");
        assertEquals(0, mediaServer.receivedCount(), "no RTP from a host socket");
        assertRelayedOnly(call.report());
    }

    @Test
    void anIceMismatchReOfferToARelayOnlyCallIsRefused488() throws Exception {
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start());
        PlainRtpPeer alg = fixture(PlainRtpPeer.start());
        ScriptedUas peer = fixture(ScriptedUas.start("b2bua", invite -> ScriptedUas.Reply.ok(
                iceSdp(deadIcePort.port(), deadIcePort.port()))));
        TestUserAgent alice = fixture(TestUserAgent.start("alice", events, relayOnly()));
        Call call = alice.ua().call(peer.sipUri("bob"));
        await(call.established());

        // An ALG rewrote c=/m=: the default is not among the candidates (RFC 8839 §4.2.5).
        peer.sendInDialog(Request.INVITE, iceSdp(alg.port(), deadIcePort.port()));

        ScriptedUas.Message refused = peer.await(m -> m.response() != null && m.label().endsWith("(INVITE)")
                && m.response().getStatusCode() >= 200, 1, DEADLINE,
                "the final response to the re-INVITE").get(0);
        assertEquals(488, refused.response().getStatusCode(), refused.response().toString());
        assertTrue(warning(refused.response()).contains("relay-only"), refused.response().toString());
        assertEquals(-1, events.indexOf(e -> e instanceof CallEvent.IceNotUsed), "no fallback to plain media");
        assertEquals(CallState.ESTABLISHED, call.state(), "the call goes on as it was");
        assertEquals(0, alg.receivedCount(), "no RTP from a host socket");
        call.hangup();
        await(call.ended());
        assertRelayedOnly(call.report());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private UnaryOperator<CallConfig> relayOnly() {
        return c -> c.toBuilder().ice(c.ice().toBuilder().addTurnServer(coturn.turnServer()).relayOnly(true).build())
                .build();
    }

    private <T extends AutoCloseable> T fixture(T resource) {
        fixtures.add(resource);
        return resource;
    }

    private List<String> warnings() {
        return events.events().stream().filter(e -> e instanceof CallEvent.Warning)
                .map(e -> ((CallEvent.Warning) e).message()).toList();
    }

    private static String warning(javax.sip.message.Message message) {
        WarningHeader w = (WarningHeader) message.getHeader(WarningHeader.NAME);
        return w == null ? "" : w.getText();
    }

    private static void assertIceReadyFailed(Call call) {
        awaitFailure(call.iceReady()); // media never became usable without ICE
    }

    /** The report names relayed candidates of ours only (their related address hidden). */
    private static void assertRelayedOnly(CallReport report) {
        for (IceCandidateStats c : report.ice().localCandidates()) {
            assertEquals("relay", c.candidateType(), "relay-only report lists " + c);
            assertTrue(c.relatedAddress() == null || "0.0.0.0".equals(c.relatedAddress()), c.toString());
        }
        report.ice().pairs().forEach(p -> assertTrue(report.ice().candidate(p.localCandidateId())
                .map(c -> "relay".equals(c.candidateType())).orElse(false), "a pair on a non-relayed candidate: " + p));
    }

    /** An ICE description with {@code c=}/{@code m=} on {@code mPort} and both candidates on {@code candidatePort}. */
    private static String iceSdp(int mPort, int candidatePort) {
        return "v=0\r\no=b2bua 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + mPort + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + mPort + "\r\na=ice-ufrag:b2bu\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + candidatePort + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + candidatePort + " typ host\r\n";
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sip.ClientTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.StunServer;
import org.sipice.testing.Await;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Coturn;
import org.sipice.testing.Eventually;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.Resources;
import org.sipice.testing.ScriptedUas;
import org.sipice.testing.TestUserAgent;

/**
 * A call ended at every stage gives back what it took: its ICE session is closed, the process's
 * UDP sockets and per-session threads return to where they were before the call, a TURN
 * allocation is deleted on the server, and the ladder ends as RFC 3261 says (487 after a CANCEL,
 * §9.2; 200 to BYE, §15; Timer B, §17.1.1.2; no ACK, §13.3.1.4).
 */
class CallResourcesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** RFC 3261 §17.1.1.2 Timer B and §13.3.1.4: 64*T1 = 32 s, plus the time to notice. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration RELEASE = Duration.ofSeconds(10);

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(false);
    private final List<AutoCloseable> fixtures = new ArrayList<>();
    private int socketsBefore;
    private int threadsBefore;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : fixtures) {
            c.close();
        }
    }

    @Test
    void cancelWhileTheCalleeIsStillGathering() throws Exception {
        PlainRtpPeer silentStun = fixture(PlainRtpPeer.start()); // Bob's STUN never answers: gathering runs to its deadline
        Call alice = aliceCallsBob(UnaryOperator.identity(), c -> c.toBuilder().ice(c.ice().toBuilder()
                .addStunServer(new StunServer(new InetSocketAddress("127.0.0.1", silentStun.port()))).build()).build());
        aliceEvents.await(e -> aliceEvents.ladder().contains("<- 100 Trying (INVITE)"), DEADLINE,
                "JAIN-SIP's bodyless 100 Trying (Bob is still gathering)");
        alice.hangup();

        await(alice.ended());
        await(bobEvents.awaitIncoming(DEADLINE).ended());
        assertEquals(List.of("-> INVITE +SDP", "<- 100 Trying (INVITE)", "-> CANCEL", "<- 200 OK (CANCEL)",
                "<- 487 Request Terminated (INVITE)"), aliceEvents.ladder());
        assertEquals(List.of("<- INVITE +SDP", "-> 100 Trying (INVITE)", "<- CANCEL", "-> 200 OK (CANCEL)",
                "-> 487 Request Terminated (INVITE)"), bobEvents.ladder()); // our 100, not JAIN-SIP's (OwnTrying)
        assertReleased(aliceEvents, bobEvents);
    }

    @Test
    void hangingUpWhileTheCallerIsStillGatheringSendsNothing() throws Exception {
        PlainRtpPeer silentStun = fixture(PlainRtpPeer.start()); // Alice's gathering runs to its deadline
        ScriptedUas callee = fixture(ScriptedUas.start("callee", r -> ScriptedUas.Reply.ok(null)));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents, c -> c.toBuilder().ice(c.ice()
                .toBuilder().addStunServer(new StunServer(new InetSocketAddress("127.0.0.1", silentStun.port())))
                .build()).build()));
        baseline();
        Call alice = aliceUa.ua().call(callee.sipUri("bob"));
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.GatheringStarted,
                DEADLINE, "Alice gathering");
        alice.hangup();

        CallEvent.Ended ended = await(alice.ended());
        assertTrue(!ended.failure() && ended.reason().contains("before the INVITE"), ended.toString());
        assertEquals(List.of(), aliceEvents.ladder(), "no INVITE, so nothing to CANCEL (RFC 3261 §9.1)");
        assertEquals(List.of(), callee.ladder());
        assertReleased(aliceEvents);
    }

    @Test
    void cancelWhileTheRingingGateHoldsTheCallee() throws Exception {
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start());
        fixture(TestUserAgent.start("bob", bobEvents));
        BareSipPeer caller = fixture(BareSipPeer.start("caller"));
        baseline();
        ClientTransaction invite = caller.send(caller.invite("bob", bobUa().sip(), iceOffer(deadIcePort.port())));
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        bobEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.ChecksStarted, DEADLINE,
                "Bob's checks (toward a port that never answers)");
        caller.cancel(invite);

        caller.await(a -> a.status() == 487, 1, DEADLINE, "487 Request Terminated");
        await(bob.ended());
        List<String> ladder = distinct(bobEvents.ladder());
        assertEquals(List.of("<- INVITE +SDP", "-> 100 Trying (INVITE) +SDP", "-> 183 Session Progress (INVITE) +SDP",
                "<- CANCEL", "-> 200 OK (CANCEL)", "-> 487 Request Terminated (INVITE)"), ladder);
        assertEquals(-1, bobEvents.indexOf(e -> e instanceof CallEvent.RingingGateOpened), "the gate never opened");
        assertReleased(bobEvents);
    }

    @Test
    void cancelDuringTheCallersChecksDeletesItsTurnAllocations() throws Exception {
        Coturn coturn = fixture(Coturn.start());
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start());
        ScriptedUas callee = fixture(ScriptedUas.start("callee",
                r -> new ScriptedUas.Reply(183, iceOffer(deadIcePort.port()), List.of())));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents, c -> c.toBuilder()
                .ice(c.ice().toBuilder().addTurnServer(coturn.turnServer()).build()).build()));
        int allocationsBefore = coturn.liveAllocations();
        baseline();
        Call alice = aliceUa.ua().call(callee.sipUri("bob"));
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.ChecksStarted, DEADLINE,
                "Alice's checks");
        assertTrue(coturn.liveAllocations() > allocationsBefore, "Alice holds TURN allocations during the checks");
        alice.hangup();

        await(alice.ended());
        assertEquals(List.of("-> INVITE +SDP", "<- 183 Session progress (INVITE) +SDP", "-> CANCEL",
                "<- 200 OK (CANCEL)", "<- 487 Request Terminated (INVITE)"), aliceEvents.ladder());
        assertReleased(aliceEvents);
        Eventually.atMost(coturn::liveAllocations, allocationsBefore, RELEASE, () -> "live TURN allocations on coturn");
    }

    @Test
    void cancelAfter180Ringing() throws Exception {
        Call alice = aliceCallsBob(UnaryOperator.identity(), UnaryOperator.identity());
        aliceEvents.await(e -> aliceEvents.ladder().contains("<- 180 Ringing (INVITE)"), DEADLINE, "180 Ringing");
        alice.hangup();

        await(alice.ended());
        await(bobEvents.awaitIncoming(DEADLINE).ended());
        List<String> ladder = aliceEvents.ladder();
        assertEquals(List.of("-> CANCEL", "<- 200 OK (CANCEL)", "<- 487 Request Terminated (INVITE)"),
                ladder.subList(ladder.size() - 3, ladder.size()));
        assertReleased(aliceEvents, bobEvents);
    }

    @Test
    void byeAfter200() throws Exception {
        CallRecorder answering = new CallRecorder(true);
        fixture(TestUserAgent.start("bob", answering));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents));
        baseline();
        Call alice = aliceUa.ua().call(bobUa().uri());
        await(alice.established());
        await(alice.iceReady());
        alice.hangup();

        await(alice.ended());
        await(answering.awaitIncoming(DEADLINE).ended());
        List<String> ladder = aliceEvents.ladder();
        assertEquals(List.of("-> ACK", "-> BYE", "<- 200 OK (BYE)"), ladder.subList(ladder.size() - 3, ladder.size()));
        assertReleased(aliceEvents, answering);
    }

    @Test
    void aCalleeThatNeverAnswersTheInviteEndsTheCallAtTimerB() throws Exception {
        ScriptedUas vanished = fixture(ScriptedUas.start("vanished", r -> null));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents));
        baseline();
        Call alice = aliceUa.ua().call(vanished.sipUri("bob"));

        CallEvent.Ended ended = Await.await(alice.ended(), TRANSACTION_TIMEOUT);
        assertTrue(ended.failure() && ended.reason().contains("Timer B"), ended.toString());
        assertEquals(List.of("-> INVITE +SDP"), aliceEvents.ladder());
        assertReleased(aliceEvents);
    }

    @Test
    void aCallerThatNeverAcksThe200IsHungUpAfter64T1() throws Exception {
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start());
        CallRecorder answering = new CallRecorder(true);
        fixture(TestUserAgent.start("bob", answering, c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build()));
        BareSipPeer caller = fixture(BareSipPeer.start("caller"));
        caller.stopAcking();
        baseline();
        caller.send(caller.invite("bob", bobUa().sip(), iceOffer(deadIcePort.port())));
        caller.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        Call bob = answering.awaitIncoming(DEADLINE);

        CallEvent.Ended ended = Await.await(bob.ended(), TRANSACTION_TIMEOUT);
        assertTrue(ended.failure() && ended.reason().contains("ACK"), ended.toString());
        List<String> ladder = distinct(answering.ladder());
        int ok = ladder.indexOf("-> 200 OK (INVITE) +SDP");
        assertEquals("-> BYE", ladder.get(ok + 1), "no ACK, then our BYE: " + ladder);
        assertTrue(!ladder.contains("<- ACK"), ladder.toString());
        assertReleased(answering);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Call aliceCallsBob(UnaryOperator<CallConfig> alice, UnaryOperator<CallConfig> bob) throws Exception {
        fixture(TestUserAgent.start("bob", bobEvents, bob));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents, alice));
        baseline();
        return aliceUa.ua().call(bobUa().uri());
    }

    private TestUserAgent bobUa() {
        return fixtures.stream().filter(f -> f instanceof TestUserAgent t && t.uri().startsWith("sip:bob@"))
                .map(f -> (TestUserAgent) f).findFirst().orElseThrow();
    }

    private <T extends AutoCloseable> T fixture(T t) {
        fixtures.add(0, t); // closed in reverse order
        return t;
    }

    private void baseline() {
        socketsBefore = Resources.udpSockets();
        threadsBefore = Resources.ownedThreads();
    }

    /** Each recorder's call closed one ICE session; sockets and threads are back. */
    private void assertReleased(CallRecorder... calls) throws InterruptedException {
        for (CallRecorder r : calls) {
            r.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.Closed, RELEASE,
                    "the call's ICE session closed");
        }
        Eventually.atMost(Resources::udpSockets, socketsBefore, RELEASE, () -> "UDP sockets after the call");
        Eventually.atMost(Resources::ownedThreads, threadsBefore, RELEASE,
                () -> "threads: " + Resources.threadNames());
    }

    /** The ladder with repeated lines (the unreliable 183's retransmissions, RFC 3262 back-off) folded. */
    private static List<String> distinct(List<String> ladder) {
        List<String> out = new ArrayList<>();
        for (String line : ladder) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(line)) {
                out.add(line);
            }
        }
        return out;
    }

    /** An ICE offer (two components) on a port that answers no check. */
    private static String iceOffer(int port) {
        return "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:peer\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }
}

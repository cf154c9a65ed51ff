package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallMedia;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.ForkingProxy;
import org.sipice.testing.Resources;
import org.sipice.testing.TestUserAgent;

/**
 * Alice's INVITE is forked by a stateless proxy to Bob's desk phone and Bob's mobile, all sipice
 * (RFC 3261 §12.1, §13.2.2.4; RFC 8839 §7: one independent ICE session per answer).
 *
 * <pre>
 *   Alice                 proxy              desk                 mobile
 *   INVITE (offer)  -->   INVITE       -->   INVITE        -->
 *        <-- 183 (desk's answer, 100rel)  ;  <-- 183 (mobile's answer, 100rel)
 *   PRACK to each; checks on two sessions (Alice's first one with the desk or the mobile,
 *   a second one with the other: its own check list on the same candidates, sockets and
 *   ufrag/pwd, RFC 8839 §7.3); both ringing gates open: two 180s
 *   one answers: 200 OK     -->  ACK; Alice releases the other's check list (the sockets
 *   stay: the call uses them)
 *   the other answers: 200  -->  ACK + BYE (no CANCEL from a stateless proxy)
 *   media with the one that answered first; Alice hangs up
 * Run twice: the fork that answers first is the one on Alice's first session, then the other.
 * </pre>
 */
class ForkingLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder deskEvents = new CallRecorder(false);
    private final CallRecorder mobileEvents = new CallRecorder(false);
    private TestUserAgent alice;
    private TestUserAgent desk;
    private TestUserAgent mobile;
    private ForkingProxy proxy;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {proxy, alice, desk, mobile}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    /**
     * @param answerOnFirstSession the fork that answers is the one checking with the session our
     *        offer came from (else the one on the second session, which then becomes the call's)
     */
    @ParameterizedTest(name = "answered fork on the first session: {0}")
    @ValueSource(booleans = {true, false})
    void eachForkChecksOnItsOwnSessionTheAnsweredOneKeepsItTheOtherIsReleasedAndHungUp(boolean answerOnFirstSession)
            throws Exception {
        Forks forks = bothForksRing(true);
        Call call = forks.alice();
        Call deskCall = forks.desk();
        Call mobileCall = forks.mobile();
        int socketsBefore = forks.socketsBefore();
        CallEvent.ForkIce second = (CallEvent.ForkIce) aliceEvents.await(e -> e instanceof CallEvent.ForkIce
                && ((CallEvent.ForkIce) e).event() instanceof IceEvent.Completed, DEADLINE, "the second fork's ICE");
        // Which fork checks with Alice's second session: its selected remote is that fork's socket.
        var secondRemote = ((IceEvent.Completed) second.event()).selectedPairs().stream()
                .filter(p -> p.componentId() == 1).findFirst().orElseThrow().remote().transportAddr();
        boolean deskOnSecond = deskCall.selectedPair(1).orElseThrow().local().transportAddr().equals(secondRemote);
        boolean mobileOnSecond = mobileCall.selectedPair(1).orElseThrow().local().transportAddr().equals(secondRemote);
        assertTrue(deskOnSecond != mobileOnSecond, "exactly one fork on the second session");
        // Both forks check against the one set of candidates of Alice's offer (RFC 8839 §7.3).
        assertEquals(deskCall.selectedPair(1).orElseThrow().remote().transportAddr(),
                mobileCall.selectedPair(1).orElseThrow().remote().transportAddr(), "one set of local candidates");
        Call answering = deskOnSecond != answerOnFirstSession ? deskCall : mobileCall;
        Call late = answering == deskCall ? mobileCall : deskCall;
        // Three sets of ICE sockets now: Alice's (both forks' check lists share them), the desk's, the mobile's.
        int ringing = Resources.udpSockets();
        int perSession = (ringing - socketsBefore) / 3;
        assertTrue(perSession >= 2 && ringing - socketsBefore == 3 * perSession,
                "sockets before " + socketsBefore + ", with three sets " + ringing);

        answering.answer();
        await(call.established());
        await(answering.established());
        CallEvent.ForkReleased released = (CallEvent.ForkReleased) aliceEvents.await(
                e -> e instanceof CallEvent.ForkReleased, DEADLINE, "the mobile's fork released");
        assertTrue(released.reason().contains("answered"), released.toString());
        assertEquals(answerOnFirstSession, released.toTag().equals(second.toTag()), released + " vs " + second);
        // The released fork's session reports its own closing, as the fork's event, not the call's.
        aliceEvents.await(e -> e instanceof CallEvent.ForkIce && ((CallEvent.ForkIce) e).toTag().equals(released.toTag())
                && ((CallEvent.ForkIce) e).event() instanceof IceEvent.Closed, DEADLINE, "the released session closed");
        // Alice's check list for the other fork is closed; the sockets it shared stay with the call.
        assertEquals(socketsBefore + 3 * perSession, Resources.udpSockets(), "Alice's sockets stay with the call");

        // The mobile answers too late: ACK and BYE (RFC 3261 §13.2.2.4).
        late.answer();
        assertEquals("BYE received", await(late.ended()).reason());
        Eventually.atMost(Resources::udpSockets, socketsBefore + 2 * perSession, DEADLINE, () -> "the mobile's sockets");

        mediaFlowsThenAliceHangsUp(call, answering, socketsBefore);

        List<String> early = List.of(
                "<- INVITE +SDP",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK",
                "-> 200 OK (PRACK)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK",
                "<- BYE",
                "-> 200 OK (BYE)");
        assertForkLadders(early, "<- 200 OK (INVITE) +SDP", "-> PRACK");
        assertTrue(alice.ua().calls().isEmpty());
    }

    @Test
    void aliceHangsUpWhileBothForksRingEverySessionAtEveryEndIsReleased() throws Exception {
        Forks forks = bothForksRing(true);
        Call call = forks.alice();
        Call deskCall = forks.desk();
        Call mobileCall = forks.mobile();
        int socketsBefore = forks.socketsBefore();

        // CANCEL goes to the proxy, which forks it like the INVITE (same derived branches).
        call.hangup();
        assertEquals("CANCEL received", await(deskCall.ended()).reason());
        assertEquals("CANCEL received", await(mobileCall.ended()).reason());
        assertTrue(await(call.ended()).reason().startsWith("487"));
        CallEvent.ForkReleased released = (CallEvent.ForkReleased) aliceEvents.await(
                e -> e instanceof CallEvent.ForkReleased, DEADLINE, "the second fork's session released");
        assertEquals("the call ended", released.reason());
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "every session's sockets");
        for (CallRecorder bob : List.of(deskEvents, mobileEvents)) {
            assertEquals(List.of(
                    "<- INVITE +SDP",
                    "-> 183 Session Progress (INVITE) [100rel] +SDP",
                    "<- PRACK",
                    "-> 200 OK (PRACK)",
                    "-> 180 Ringing (INVITE)",
                    "<- CANCEL",
                    "-> 200 OK (CANCEL)",
                    "-> 487 Request Terminated (INVITE)"), bob.ladder());
        }
        assertTrue(alice.ua().calls().isEmpty());
    }

    /**
     * Alice's INVITE without SDP is forked: the desk and the mobile each offer in a reliable 183,
     * Alice answers each in its PRACK from a session of its own (each with its own credentials).
     */
    @Test
    void anOfferlessInviteForkedEachForkOffersAndIsAnsweredFromItsOwnSession() throws Exception {
        Forks forks = bothForksRing(false);
        Call call = forks.alice();
        Call deskCall = forks.desk();
        Call mobileCall = forks.mobile();
        int socketsBefore = forks.socketsBefore();
        int perSession = socketsPerSessionWithFourSessions(socketsBefore);

        deskCall.answer();
        await(call.established());
        await(deskCall.established());
        aliceEvents.await(e -> e instanceof CallEvent.ForkReleased, DEADLINE, "the mobile's fork released");
        Eventually.atMost(Resources::udpSockets, socketsBefore + 3 * perSession, DEADLINE,
                () -> "the released fork's sockets");
        mobileCall.answer();
        assertEquals("BYE received", await(mobileCall.ended()).reason());

        await(call.iceReady());
        mediaFlowsThenAliceHangsUp(call, deskCall, socketsBefore);

        List<String> bobLadder = List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK +SDP",
                "-> 200 OK (PRACK)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE)",
                "<- ACK",
                "<- BYE",
                "-> 200 OK (BYE)");
        assertForkLadders(bobLadder, "<- 200 OK (INVITE)", "-> PRACK +SDP");
    }

    /**
     * The desk answers early with ICE; a bare fork (no sipice) sends a 200 without any SDP. Alice's
     * session checks against the desk, not that fork: she ACKs the 200 and ends it with a BYE
     * (RFC 3261 §13.2.2.4).
     */
    @Test
    void a200FromAForkThatNeverAnsweredIsAckedThenEndedWithBye() throws Exception {
        alice = TestUserAgent.start("alice", aliceEvents);
        desk = TestUserAgent.start("desk", deskEvents, c -> c.toBuilder().earlyAnswer(EarlyAnswerMode.RELIABLE_183).build());
        try (BareSipPeer bare = BareSipPeer.start("bare")) {
            java.util.concurrent.CompletableFuture<javax.sip.ServerTransaction> bareInvite =
                    new java.util.concurrent.CompletableFuture<>();
            bare.answerInvitesWith((st, invite) -> bareInvite.complete(st));
            proxy = ForkingProxy.start(List.of(new InetSocketAddress(desk.sip().host(), desk.sip().port()),
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(bare.sipUri("x").replaceAll(".*:", "")))));

            Call call = alice.ua().call(proxy.uri("bob"));
            await(deskEvents.awaitIncoming(DEADLINE).iceReady());
            awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 1);

            javax.sip.ServerTransaction st = await(bareInvite);
            javax.sip.message.Response ok = bare.messages().createResponse(200, st.getRequest());
            ((javax.sip.header.ToHeader) ok.getHeader("To")).setTag("baretag");
            ok.addHeader(bare.headers().createContactHeader(javax.sip.SipFactory.getInstance().createAddressFactory()
                    .createAddress(bare.sipUri("bare"))));
            st.sendResponse(ok);

            CallEvent.Ended ended = await(call.ended());
            assertTrue(ended.failure());
            assertEquals("fork baretag sent a 2xx but no usable SDP of its own", ended.reason());
            javax.sip.message.Request bye = bare.awaitRequest("BYE", DEADLINE);
            assertEquals(488, ((javax.sip.header.ReasonHeader) bye.getHeader("Reason")).getCause());
            List<String> ladder = aliceEvents.ladder();
            assertEquals(List.of("<- 200 OK (INVITE)", "-> ACK", "-> BYE"),
                    ladder.subList(ladder.indexOf("<- 200 OK (INVITE)"), ladder.indexOf("-> BYE") + 1), ladder.toString());
        }
    }

    /** Alice, the desk and the mobile (answers in reliable 183s only), and the proxy that forks to both. */
    private void startForking() throws Exception {
        // A stateful proxy absorbs 100 Trying: with this stateless one, the answer goes in the 183 only.
        alice = TestUserAgent.start("alice", aliceEvents);
        desk = TestUserAgent.start("desk", deskEvents, c -> c.toBuilder().earlyAnswer(EarlyAnswerMode.RELIABLE_183).build());
        mobile = TestUserAgent.start("mobile", mobileEvents,
                c -> c.toBuilder().earlyAnswer(EarlyAnswerMode.RELIABLE_183).build());
        proxy = ForkingProxy.start(List.of(new InetSocketAddress(desk.sip().host(), desk.sip().port()),
                new InetSocketAddress(mobile.sip().host(), mobile.sip().port())));
    }

    /** Alice's call (with or without an offer) forked to the desk and the mobile; each sent its answer and rang. */
    private record Forks(Call alice, Call desk, Call mobile, int socketsBefore) {
    }

    /** Alice calls Bob; both forks' checks complete, each against its own check list at Alice's: both ring. */
    private Forks bothForksRing(boolean withOffer) throws Exception {
        startForking();
        int socketsBefore = Resources.udpSockets();
        Call call = withOffer ? alice.ua().call(proxy.uri("bob")) : alice.ua().callWithoutOffer(proxy.uri("bob"));
        Call deskCall = deskEvents.awaitIncoming(DEADLINE);
        Call mobileCall = mobileEvents.awaitIncoming(DEADLINE);
        await(deskCall.iceReady());
        await(mobileCall.iceReady());
        awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 2);
        return new Forks(call, deskCall, mobileCall, socketsBefore);
    }

    /** Four ICE sessions while both forks ring: two at Alice's (one per fork), one at the desk, one at the mobile. */
    private static int socketsPerSessionWithFourSessions(int socketsBefore) {
        int ringing = Resources.udpSockets();
        int perSession = (ringing - socketsBefore) / 4;
        assertTrue(perSession >= 2 && ringing - socketsBefore == 4 * perSession,
                "sockets before " + socketsBefore + ", with four sessions " + ringing);
        return perSession;
    }

    /** Media flows with the fork that answered, on the pair both selected; Alice hangs up; every socket is freed. */
    private static void mediaFlowsThenAliceHangsUp(Call call, Call answered, int socketsBefore) throws Exception {
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = call.selectedPair(component).orElseThrow();
            CandidatePairInfo d = answered.selectedPair(component).orElseThrow();
            assertEquals(a.local().transportAddr(), d.remote().transportAddr());
            assertEquals(a.remote().transportAddr(), d.local().transportAddr());
        }
        CallMedia.exchange(call, answered, 50, Duration.ofSeconds(5));
        assertEquals(CallState.ESTABLISHED, call.state());

        call.hangup();
        assertEquals("BYE received", await(answered.ended()).reason());
        await(call.ended());
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "every call socket");
    }

    /**
     * Both forks saw {@code forkLadder}; Alice sent one {@code prack} per fork, then ACKed the
     * first fork's 200 ({@code ok}), ACKed the late fork's and ended it with a BYE, and hung up.
     */
    private void assertForkLadders(List<String> forkLadder, String ok, String prack) {
        assertEquals(forkLadder, deskEvents.ladder());
        assertEquals(forkLadder, mobileEvents.ladder());
        List<String> aliceLadder = aliceEvents.ladder().stream().filter(l -> !l.startsWith("<- 100 Trying"))
                .collect(Collectors.toList());
        int firstOk = aliceLadder.indexOf(ok);
        assertEquals(List.of(
                ok, "-> ACK",          // the fork that answered first
                ok, "-> ACK", "-> BYE", // the other, too late
                "<- 200 OK (BYE)",
                "-> BYE", "<- 200 OK (BYE)"), aliceLadder.subList(firstOk, aliceLadder.size()), aliceLadder.toString());
        assertEquals(2, aliceLadder.subList(0, firstOk).stream().filter(l -> l.equals(prack)).count(),
                aliceLadder.toString());
    }

    private static void awaitCount(CallRecorder recorder, String line, int count) throws InterruptedException {
        recorder.await(e -> recorder.ladder().stream().filter(line::equals).count() >= count, DEADLINE,
                count + " x " + line);
    }
}

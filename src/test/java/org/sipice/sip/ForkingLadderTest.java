package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        startForking();
        int socketsBefore = Resources.udpSockets();

        Call call = alice.ua().call(proxy.uri("bob"));
        Call deskCall = deskEvents.awaitIncoming(DEADLINE);
        Call mobileCall = mobileEvents.awaitIncoming(DEADLINE);
        // Both forks' checks complete, each against its own session at Alice's: both ring.
        deskCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        mobileCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        CallEvent.ForkIce second = (CallEvent.ForkIce) aliceEvents.await(e -> e instanceof CallEvent.ForkIce
                && ((CallEvent.ForkIce) e).event() instanceof IceEvent.Completed, DEADLINE, "the second fork's ICE");
        awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 2);
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
        call.established().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        answering.established().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
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
        assertEquals("BYE received", late.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());
        Eventually.atMost(Resources::udpSockets, socketsBefore + 2 * perSession, DEADLINE, () -> "the mobile's sockets");

        // Media flows with the desk, on the pair both selected.
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = call.selectedPair(component).orElseThrow();
            CandidatePairInfo d = answering.selectedPair(component).orElseThrow();
            assertEquals(a.local().transportAddr(), d.remote().transportAddr());
            assertEquals(a.remote().transportAddr(), d.local().transportAddr());
        }
        CallMedia.exchange(call, answering, 50, Duration.ofSeconds(5));
        assertEquals(CallState.ESTABLISHED, call.state());

        call.hangup();
        assertEquals("BYE received", answering.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());
        call.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "every call socket");

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
        assertEquals(early, deskEvents.ladder());
        assertEquals(early, mobileEvents.ladder());
        List<String> aliceLadder = aliceEvents.ladder().stream().filter(l -> !l.startsWith("<- 100 Trying"))
                .collect(Collectors.toList());
        int firstOk = aliceLadder.indexOf("<- 200 OK (INVITE) +SDP");
        assertEquals(List.of(
                "<- 200 OK (INVITE) +SDP", "-> ACK",          // the desk
                "<- 200 OK (INVITE) +SDP", "-> ACK", "-> BYE", // the mobile, too late
                "<- 200 OK (BYE)",
                "-> BYE", "<- 200 OK (BYE)"), aliceLadder.subList(firstOk, aliceLadder.size()), aliceLadder.toString());
        assertEquals(2, aliceLadder.subList(0, firstOk).stream().filter(l -> l.equals("-> PRACK")).count(),
                aliceLadder.toString());
        assertTrue(alice.ua().calls().isEmpty());
    }

    @Test
    void aliceHangsUpWhileBothForksRingEverySessionAtEveryEndIsReleased() throws Exception {
        startForking();
        int socketsBefore = Resources.udpSockets();

        Call call = alice.ua().call(proxy.uri("bob"));
        Call deskCall = deskEvents.awaitIncoming(DEADLINE);
        Call mobileCall = mobileEvents.awaitIncoming(DEADLINE);
        deskCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        mobileCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 2);

        // CANCEL goes to the proxy, which forks it like the INVITE (same derived branches).
        call.hangup();
        assertEquals("CANCEL received", deskCall.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());
        assertEquals("CANCEL received", mobileCall.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());
        assertTrue(call.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason().startsWith("487"));
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
        startForking();
        int socketsBefore = Resources.udpSockets();

        Call call = alice.ua().callWithoutOffer(proxy.uri("bob"));
        Call deskCall = deskEvents.awaitIncoming(DEADLINE);
        Call mobileCall = mobileEvents.awaitIncoming(DEADLINE);
        deskCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        mobileCall.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 2);
        int ringing = Resources.udpSockets();
        int perSession = (ringing - socketsBefore) / 4;
        assertTrue(perSession >= 2 && ringing - socketsBefore == 4 * perSession,
                "sockets before " + socketsBefore + ", with four sessions " + ringing);

        deskCall.answer();
        call.established().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        deskCall.established().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        aliceEvents.await(e -> e instanceof CallEvent.ForkReleased, DEADLINE, "the mobile's fork released");
        Eventually.atMost(Resources::udpSockets, socketsBefore + 3 * perSession, DEADLINE,
                () -> "the released fork's sockets");
        mobileCall.answer();
        assertEquals("BYE received", mobileCall.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());

        call.iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = call.selectedPair(component).orElseThrow();
            CandidatePairInfo d = deskCall.selectedPair(component).orElseThrow();
            assertEquals(a.local().transportAddr(), d.remote().transportAddr());
            assertEquals(a.remote().transportAddr(), d.local().transportAddr());
        }
        CallMedia.exchange(call, deskCall, 50, Duration.ofSeconds(5));
        call.hangup();
        assertEquals("BYE received", deskCall.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).reason());
        call.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "every call socket");

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
        assertEquals(bobLadder, deskEvents.ladder());
        assertEquals(bobLadder, mobileEvents.ladder());
        List<String> aliceLadder = aliceEvents.ladder().stream().filter(l -> !l.startsWith("<- 100 Trying"))
                .collect(Collectors.toList());
        int firstOk = aliceLadder.indexOf("<- 200 OK (INVITE)");
        assertEquals(List.of(
                "<- 200 OK (INVITE)", "-> ACK",
                "<- 200 OK (INVITE)", "-> ACK", "-> BYE",
                "<- 200 OK (BYE)",
                "-> BYE", "<- 200 OK (BYE)"), aliceLadder.subList(firstOk, aliceLadder.size()), aliceLadder.toString());
        assertEquals(2, aliceLadder.subList(0, firstOk).stream().filter(l -> l.equals("-> PRACK +SDP")).count(),
                aliceLadder.toString());
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
            deskEvents.awaitIncoming(DEADLINE).iceReady().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            awaitCount(aliceEvents, "<- 180 Ringing (INVITE)", 1);

            javax.sip.ServerTransaction st = bareInvite.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            javax.sip.message.Response ok = bare.messages().createResponse(200, st.getRequest());
            ((javax.sip.header.ToHeader) ok.getHeader("To")).setTag("baretag");
            ok.addHeader(bare.headers().createContactHeader(javax.sip.SipFactory.getInstance().createAddressFactory()
                    .createAddress(bare.sipUri("bare"))));
            st.sendResponse(ok);

            CallEvent.Ended ended = call.ended().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
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

    private static void awaitCount(CallRecorder recorder, String line, int count) throws InterruptedException {
        recorder.await(e -> recorder.ladder().stream().filter(line::equals).count() >= count, DEADLINE,
                count + " x " + line);
    }
}

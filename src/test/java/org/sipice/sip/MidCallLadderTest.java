package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.message.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.media.RtpPacket;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.TestUserAgent;
import org.sipice.testing.TwoAgents;

/**
 * Offers inside an established call (RFC 8839 §4.4): unchanged credentials never restart ICE,
 * {@link Call#restartIce()} does, make-before-break, and hold/resume is a plain re-offer.
 *
 * <pre>
 *   Alice                                  Bob
 *     ... call established, ICE completed ...
 *     INVITE (offer)                    -->
 *                                       <-- 200 OK (answer)
 *     ACK                               -->
 * </pre>
 */
class MidCallLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final List<String> SENT_REINVITE = List.of("-> INVITE +SDP", "<- 200 OK (INVITE) +SDP", "-> ACK");
    private static final List<String> RECEIVED_REINVITE =
            List.of("<- INVITE +SDP", "-> 200 OK (INVITE) +SDP", "<- ACK");

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();
    private final CallRecorder aliceEvents = agents.aliceEvents();
    private final CallRecorder bobEvents = agents.bobEvents();
    private Call alice;
    private Call bob;

    @BeforeEach
    void establish() throws Exception {
        agents.start();
        alice = agents.alice().ua().call(agents.bob().uri());
        await(alice.established());
        bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established());
        await(alice.iceReady());
        await(bob.iceReady());
    }

    @Test
    void aReInviteWithUnchangedCredentialsIsAnswered200WithoutRestartAndMediaKeepsFlowing() throws Exception {
        int aliceBefore = aliceEvents.ladder().size();
        int bobBefore = bobEvents.ladder().size();
        CandidatePairInfo pair = alice.selectedPair(1).orElseThrow();

        bob.resume(); // the callee re-offers sendrecv with the same ufrag/pwd and candidates
        bobEvents.await(nth(bobEvents, CallEvent.Direction.SENT, "ACK", 1), DEADLINE, "Bob's ACK of the re-INVITE");
        aliceEvents.await(nth(aliceEvents, CallEvent.Direction.RECEIVED, "ACK", 1), DEADLINE, "the re-INVITE's ACK at Alice");

        assertEquals(SENT_REINVITE, tail(bobEvents, bobBefore));
        assertEquals(RECEIVED_REINVITE, tail(aliceEvents, aliceBefore));
        assertNoRestart();
        assertEquals(pair, alice.selectedPair(1).orElseThrow());
        assertEquals(20, deliver(alice, bob, 20, 0));
    }

    @Test
    void holdAndResumeAreReOffersThatNeverRestartIce() throws Exception {
        int aliceBefore = aliceEvents.ladder().size();
        int bobBefore = bobEvents.ladder().size();

        alice.hold();
        aliceEvents.await(nth(aliceEvents, CallEvent.Direction.SENT, "ACK", 2), DEADLINE, "Alice's ACK of the hold re-INVITE");
        alice.resume();
        aliceEvents.await(nth(aliceEvents, CallEvent.Direction.SENT, "ACK", 3), DEADLINE, "Alice's ACK of the resume re-INVITE");
        bobEvents.await(nth(bobEvents, CallEvent.Direction.RECEIVED, "ACK", 3), DEADLINE, "the resume ACK at Bob");

        assertEquals(concat(SENT_REINVITE, SENT_REINVITE), tail(aliceEvents, aliceBefore));
        assertEquals(concat(RECEIVED_REINVITE, RECEIVED_REINVITE), tail(bobEvents, bobBefore));
        assertNoRestart();
        assertEquals(20, deliver(bob, alice, 20, 0));
    }

    @Test
    void restartIceMidCallMovesBothSidesToANewPairWithoutLosingAPacket() throws Exception {
        int aliceBefore = aliceEvents.ladder().size();
        CandidatePairInfo before = alice.selectedPair(1).orElseThrow();
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> {
            if (c == 1) {
                atBob.add(RtpPacket.sequence(data));
            }
        });

        // A continuous stream, one packet every 5 ms (a media clock), from before the restart until after it.
        byte[] silence = new byte[160];
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService clock =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        clock.scheduleAtFixedRate(() -> {
            int n = counter.getAndIncrement();
            byte[] p = RtpPacket.packet(0, n, n * 160L, 0xA11CEL, silence);
            try {
                alice.media().send(1, p, 0, p.length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 5, TimeUnit.MILLISECONDS);
        try {
            alice.restartIce();
            aliceEvents.await(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartCompleted, DEADLINE, "Alice's restart");
            bobEvents.await(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartCompleted, DEADLINE, "Bob's restart");
        } finally {
            clock.shutdown();
            assertTrue(clock.awaitTermination(5, TimeUnit.SECONDS));
        }
        int sent = counter.get();
        assertTrue(restarted(aliceEvents) && restarted(bobEvents), "restart did not complete: " + aliceEvents.events());
        for (int i = 0; i < 20; i++, sent++) {
            byte[] p = RtpPacket.packet(0, sent, sent * 160L, 0xA11CEL, silence);
            alice.media().send(1, p, 0, p.length);
        }
        int total = sent;
        Eventually.atLeast(atBob::size, total, Duration.ofSeconds(5),
                () -> "Bob received " + atBob.size() + " of " + total + " RTP packets sent during the restart");

        assertEquals(SENT_REINVITE, tail(aliceEvents, aliceBefore));
        CandidatePairInfo after = alice.selectedPair(1).orElseThrow();
        CandidatePairInfo bobAfter = bob.selectedPair(1).orElseThrow();
        assertNotEquals(before.local().port(), after.local().port(), "a new generation, new sockets");
        assertEquals(after.local().port(), bobAfter.remote().port());
        assertEquals(after.remote().port(), bobAfter.local().port());
        assertTrue(total > 20, "the stream ran during the restart: " + total);
    }

    /**
     * RFC 8445 §9: an ICE restart flushes every state "excluding the roles of the agents"; agents
     * do not redetermine roles in a restart (outside the full/lite cases of §6.1.1). So Bob, the
     * callee, restarting by re-INVITE stays controlled although he offers, and no role conflict
     * (487, RFC 8445 §7.3.1.1) is needed to settle it.
     */
    @Test
    void theCalleeRestartsIceByReInviteAndBothKeepTheirRoles() throws Exception {
        int bobBefore = bobEvents.ladder().size();
        bob.restartIce();
        bobEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Bob's restart");
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Alice's restart");

        assertEquals(SENT_REINVITE, tail(bobEvents, bobBefore));
        assertEquals(List.of(IceRole.CONTROLLING, IceRole.CONTROLLING), checksRoles(aliceEvents));
        assertEquals(List.of(IceRole.CONTROLLED, IceRole.CONTROLLED), checksRoles(bobEvents));
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertTrue(r.events().stream().noneMatch(e -> e instanceof CallEvent.Ice i
                    && i.event() instanceof IceEvent.RoleChanged), "no role conflict: " + r.events());
        }
        assertEquals(20, deliver(bob, alice, 20, 0));
    }

    /** The role each ICE generation started its checks in, in order. */
    private static List<IceRole> checksRoles(CallRecorder r) {
        return r.events().stream().filter(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.ChecksStarted)
                .map(e -> ((IceEvent.ChecksStarted) ((CallEvent.Ice) e).event()).role()).toList();
    }

    @Test
    void anOfferlessReInviteGetsA200WithAFreshOffer() throws Exception {
        CallRecorder carolEvents = new CallRecorder(true);
        try (BareSipPeer raw = BareSipPeer.start("raw");
                TestUserAgent carol = TestUserAgent.start("carol", carolEvents,
                        c -> c.toBuilder().ringingGateTimeout(Duration.ofMillis(500))
                                .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build())) {
            // The bare client offers ICE on a port nobody answers: Carol rings anyway on the defaults.
            raw.send(raw.invite("carol", carol.sip(), "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                    + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n"
                    + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                    + "a=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host\r\n"));
            String first = raw.await(a -> a.status() == 200, 1, DEADLINE, "200 OK (INVITE)").get(0).body();
            await(carolEvents.awaitIncoming(DEADLINE).established());

            Request reInvite = raw.dialog().createRequest(Request.INVITE);
            raw.sendInDialog(reInvite);
            String second = raw.await(a -> a.status() == 200 && !a.body().isEmpty(), 2, DEADLINE,
                    "200 OK to the offerless re-INVITE").get(1).body();

            assertTrue(second.contains("a=candidate:"), second);
            assertNotEquals(attribute(first, "ice-ufrag"), attribute(second, "ice-ufrag"));
            assertNotEquals(attribute(first, "ice-pwd"), attribute(second, "ice-pwd"));
            carolEvents.await(nth(carolEvents, CallEvent.Direction.RECEIVED, "ACK", 2), DEADLINE, "the re-INVITE's ACK");
            assertEquals(List.of("<- INVITE", "-> 200 OK (INVITE) +SDP", "<- ACK"),
                    tail(carolEvents, carolEvents.ladder().size() - 3));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void assertNoRestart() {
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertEquals(-1, r.indexOf(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartStarted), r.events().toString());
        }
    }

    private static boolean restarted(CallRecorder r) {
        return r.indexOf(e -> e instanceof CallEvent.Ice
                && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartCompleted) >= 0;
    }

    /** True once {@code r} has recorded {@code n} messages {@code label} in direction {@code d}. */
    private static java.util.function.Predicate<CallEvent> nth(CallRecorder r, CallEvent.Direction d, String label,
            int n) {
        return ignored -> r.events().stream().filter(e -> e instanceof CallEvent.SipMessage m
                && m.direction() == d && m.label().equals(label)).count() >= n;
    }

    private static List<String> tail(CallRecorder r, int from) {
        List<String> ladder = r.ladder();
        return ladder.subList(from, ladder.size());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String attribute(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        assertTrue(m.find(), name + " in " + sdp);
        return m.group(1);
    }

    /** Sends {@code count} RTP packets from {@code from} to {@code to}; returns how many arrived. */
    private static int deliver(Call from, Call to, int count, int firstSeq) throws Exception {
        Set<Integer> got = ConcurrentHashMap.newKeySet();
        to.media().receive((c, data, len, src) -> {
            if (c == 1) {
                got.add(RtpPacket.sequence(data));
            }
        });
        byte[] silence = new byte[160];
        for (int i = 0; i < count; i++) {
            byte[] p = RtpPacket.packet(0, firstSeq + i, i * 160L, 0xB0BL, silence);
            from.media().send(1, p, 0, p.length);
        }
        Eventually.atLeast(got::size, count, Duration.ofSeconds(5),
                () -> "received " + got.size() + " of " + count);
        return got.size();
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.StunServer;
import org.sipice.media.RtpPacket;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdp;
import org.sipice.sdp.RemoteCandidateRef;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TwoAgents;

/**
 * The controlling agent's updated offer after ICE completes (RFC 8839 §4.3.4, RFC 5245
 * §9.1.2.2). Alice gathers against a STUN server that maps her to 127.0.0.2, so her signalled
 * default is server reflexive while ICE selects the host pair on loopback.
 *
 * <pre>
 *   Alice (ice2)                           Bob (RFC 5245: no ice2)
 *     ... INVITE / 18x / 200 / ACK, ICE completes on host/host ...
 *     INVITE (same ufrag/pwd, c= selected, a=remote-candidates) -->
 *                                       <-- 200 OK (answer)
 *     ACK                               -->
 * </pre>
 *
 * With ice2 on both sides no updated offer goes out.
 */
class UpdatedOfferLadderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final List<String> CALL_SETUP = List.of(
            "-> INVITE +SDP",
            "<- 100 Trying (INVITE) +SDP",
            "<- 183 Session Progress (INVITE) [100rel] +SDP",
            "-> PRACK",
            "<- 200 OK (PRACK)",
            "<- 180 Ringing (INVITE)",
            "<- 200 OK (INVITE) +SDP",
            "-> ACK");
    private static final List<String> UPDATED_OFFER = List.of("-> INVITE +SDP", "<- 200 OK (INVITE) +SDP", "-> ACK");

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();
    private final CallRecorder aliceEvents = agents.aliceEvents();
    private final CallRecorder bobEvents = agents.bobEvents();
    private EmbeddedStunServer stun;

    @BeforeEach
    void startStun() throws Exception {
        stun = EmbeddedStunServer.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")));
    }

    @AfterEach
    void stopStun() {
        stun.close();
    }

    @Test
    void aCalleeWithoutIce2GetsOneUpdatedOfferMovingTheDefaultToTheSelectedPair() throws Exception {
        Call[] calls = call(c -> c.toBuilder().advertiseIce2(false).allowUpdate(false).build());
        Call alice = calls[0];
        Call bob = calls[1];

        CallEvent.UpdatedOfferSent updated = (CallEvent.UpdatedOfferSent) aliceEvents.await(
                e -> e instanceof CallEvent.UpdatedOfferSent, DEADLINE, "Alice's updated offer");
        aliceEvents.await(nth(aliceEvents, CallEvent.Direction.SENT, "ACK", 2), DEADLINE, "the updated offer's ACK");
        bobEvents.await(nth(bobEvents, CallEvent.Direction.RECEIVED, "ACK", 2), DEADLINE, "the ACK at Bob");

        // The ladder: the call, then exactly one re-INVITE (Bob's 200 has no Allow: UPDATE).
        assertEquals("INVITE", updated.method());
        assertEquals(concat(CALL_SETUP, UPDATED_OFFER), aliceEvents.ladder());
        assertTrue(aliceEvents.indexOf(e -> e instanceof CallEvent.UpdatedOfferSent)
                > aliceEvents.indexOf(e -> e instanceof CallEvent.Established), "after the call is established");

        // The offer: c=/m= now the selected local candidate, only the selected candidates,
        // a=remote-candidates naming Bob's side of each selected pair (RFC 8839 §4.4.1.2.2, §5.2).
        IceMedia audio = IceSdp.parse(updated.sdp()).media().get(0);
        CandidatePairInfo rtp = alice.selectedPair(1).orElseThrow();
        assertEquals(rtp.local().transportAddr().address(), audio.connectionAddress());
        assertEquals(rtp.local().transportAddr().port(), audio.port());
        assertTrue(audio.candidates().stream().allMatch(c -> c.type() == CandidateType.HOST), updated.sdp());
        List<RemoteCandidateRef> expected = new java.util.ArrayList<>();
        for (int component = 1; component <= audio.candidates().size(); component++) {
            CandidatePairInfo pair = alice.selectedPair(component).orElseThrow();
            expected.add(new RemoteCandidateRef(component, pair.remote().transportAddr().address(),
                    pair.remote().transportAddr().port()));
            assertTrue(updated.reason().contains("127.0.0.2"), updated.reason());
        }
        assertEquals(expected, audio.remoteCandidates());
        assertTrue(updated.sdp().contains("a=ice-ufrag:") && updated.sdp().contains("a=ice-pwd:"), updated.sdp());

        // No ICE restart; the selected pair stays and media keeps flowing both ways.
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertEquals(-1, r.indexOf(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartStarted), r.events().toString());
        }
        assertEquals(rtp, alice.selectedPair(1).orElseThrow());
        assertEquals(20, deliver(alice, bob, 20));
        assertEquals(20, deliver(bob, alice, 20));
    }

    @Test
    void aCalleeThatAllowsUpdateGetsTheUpdatedOfferInAnUpdate() throws Exception {
        // Bob (sipice, default profile) lists UPDATE in the Allow of his 200 (RFC 3261 §20.5).
        Call[] calls = call(c -> c.toBuilder().advertiseIce2(false).build());
        Call alice = calls[0];
        Call bob = calls[1];

        CallEvent.UpdatedOfferSent updated = (CallEvent.UpdatedOfferSent) aliceEvents.await(
                e -> e instanceof CallEvent.UpdatedOfferSent, DEADLINE, "Alice's updated offer");
        aliceEvents.await(nth(aliceEvents, CallEvent.Direction.RECEIVED, "200 OK", 3), DEADLINE, "the UPDATE's 200");
        bobEvents.await(nth(bobEvents, CallEvent.Direction.SENT, "200 OK", 3), DEADLINE, "Bob's 200 to the UPDATE");

        // RFC 3311: no ACK for an UPDATE; the dialog stays as it was.
        assertEquals("UPDATE", updated.method());
        // (the setup part is asserted exactly by the re-INVITE test; under load the reliable 183 may repeat)
        List<String> ladder = aliceEvents.ladder();
        assertEquals(List.of("-> ACK", "-> UPDATE +SDP", "<- 200 OK (UPDATE) +SDP"),
                ladder.subList(ladder.size() - 3, ladder.size()));
        assertEquals(1, ladder.stream().filter("-> INVITE +SDP"::equals).count(), "no re-INVITE: " + ladder);
        assertEquals(List.of("<- UPDATE +SDP", "-> 200 OK (UPDATE) +SDP"),
                bobEvents.ladder().subList(bobEvents.ladder().size() - 2, bobEvents.ladder().size()));
        IceMedia audio = IceSdp.parse(updated.sdp()).media().get(0);
        assertEquals(alice.selectedPair(1).orElseThrow().local().transportAddr().address(), audio.connectionAddress());
        assertTrue(!audio.remoteCandidates().isEmpty(), updated.sdp());
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertEquals(-1, r.indexOf(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.RestartStarted), r.events().toString());
        }
        assertEquals(20, deliver(alice, bob, 20));
        assertEquals(20, deliver(bob, alice, 20));
    }

    @Test
    void withIce2OnBothSidesNoUpdatedOfferGoesOut() throws Exception {
        Call[] calls = call(UnaryOperator.identity());
        Call alice = calls[0];
        Call bob = calls[1];
        assertEquals(20, deliver(alice, bob, 20)); // settles a little past ICE completion and the ACK

        alice.hangup();
        await(alice.ended());
        await(bob.ended());
        assertEquals(concat(CALL_SETUP, List.of("-> BYE", "<- 200 OK (BYE)")), aliceEvents.ladder());
        assertEquals(-1, aliceEvents.indexOf(e -> e instanceof CallEvent.UpdatedOfferSent));
        // The default (server reflexive) really differed from the selected host pair: only ice2 kept the offer back.
        assertEquals(CandidateType.HOST, alice.selectedPair(1).orElseThrow().local().type());
        assertTrue(aliceEvents.indexOf(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.CandidateGathered g
                && g.candidate().type() == CandidateType.SRFLX) >= 0, "Alice gathered a server reflexive candidate");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Alice (with the STUN server) calls Bob (configured by {@code bobConfig}); both established, ICE ready. */
    private Call[] call(UnaryOperator<CallConfig> bobConfig) throws Exception {
        agents.start(c -> c.toBuilder()
                .ice(c.ice().toBuilder().addStunServer(new StunServer(stun.address())).build()).build(), bobConfig);
        Call alice = agents.alice().ua().call(agents.bob().uri());
        await(alice.established());
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.established());
        await(alice.iceReady());
        await(bob.iceReady());
        return new Call[] {alice, bob};
    }

    private static Predicate<CallEvent> nth(CallRecorder r, CallEvent.Direction d, String label, int n) {
        return ignored -> r.events().stream().filter(e -> e instanceof CallEvent.SipMessage m
                && m.direction() == d && m.label().equals(label)).count() >= n;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Sends {@code count} RTP packets from {@code from} to {@code to}; returns how many arrived. */
    private static int deliver(Call from, Call to, int count) throws Exception {
        Set<Integer> got = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(count);
        to.media().receive((c, data, len, src) -> {
            if (c == 1 && got.add(RtpPacket.sequence(data))) {
                done.countDown();
            }
        });
        byte[] silence = new byte[160];
        for (int i = 0; i < count; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xB0BL, silence);
            from.media().send(1, p, 0, p.length);
        }
        done.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        return got.size();
    }
}

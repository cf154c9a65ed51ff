package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.b2bua.B2buaEvent.Leg;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.SipEndpoint;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.RelayedMedia;
import org.sipice.testing.Eventually;
import org.sipice.testing.TestUserAgent;

/**
 * Alice calls Bob through the B2BUA. Two SIP calls, two ICE sessions on the B2BUA, media relayed:
 *
 * <pre>
 *   Alice                       B2BUA                         Bob
 *   INVITE (offer) ───────▶ route; gathers both legs at once
 *        ◀── 100 (answer) ◀─ 183 ─ PRACK ─▶   INVITE (offer) ───────▶
 *                                      ◀── 100 (answer), 183, PRACK
 *        ... checks on both legs ...                ◀── 180 (Bob's gate)
 *        ◀── 180 (both legs ICE-ready)              ◀── 200 OK
 *        ◀── 200 OK                                 ACK ──▶
 *   ACK ──▶
 *   RTP/RTCP ◀════════════ relay ════════════▶ RTP/RTCP
 * </pre>
 */
class B2buaLadderTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static final List<String> CALLER_SETUP = List.of(
            "-> INVITE +SDP",
            "<- 100 Trying (INVITE) +SDP",
            "<- 183 Session Progress (INVITE) [100rel] +SDP",
            "-> PRACK",
            "<- 200 OK (PRACK)",
            "<- 180 Ringing (INVITE)",
            "<- 200 OK (INVITE) +SDP",
            "-> ACK");
    static final List<String> CALLEE_SETUP = List.of(
            "<- INVITE +SDP",
            "-> 100 Trying (INVITE) +SDP",
            "-> 183 Session Progress (INVITE) [100rel] +SDP",
            "<- PRACK",
            "-> 200 OK (PRACK)",
            "-> 180 Ringing (INVITE)",
            "-> 200 OK (INVITE) +SDP",
            "<- ACK");

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final B2buaRecorder b2buaEvents = new B2buaRecorder();
    private CallRecorder bobEvents;
    private TestUserAgent alice;
    private TestUserAgent bob;
    private SipEndpoint b2buaSip;
    private B2bua b2bua;
    private CallResources resources;

    @BeforeEach
    void startAlice() throws Exception {
        alice = TestUserAgent.start("alice", aliceEvents);
    }

    /** Bob, answering as soon as his phone rings or not, behind a B2BUA that routes every call to him. */
    private void startBobBehindB2bua(boolean bobAnswers, B2buaRoute route) throws Exception {
        bobEvents = new CallRecorder(bobAnswers);
        bob = TestUserAgent.start("bob", bobEvents);
        b2buaSip = TestUserAgent.startEndpoint("b2bua");
        String bobUri = bob.uri();
        b2bua = B2bua.builder(b2buaSip.provider(), route == null ? invite -> Optional.of(bobUri) : route)
                .callConfig(SipProfile.load("loopback-demo").callConfig())
                .listener(b2buaEvents)
                .start();
        resources = CallResources.baseline();
    }

    @AfterEach
    void stop() {
        if (b2bua != null) {
            b2bua.close();
        }
        // Each JAIN-SIP stack takes about a second to stop: in parallel.
        java.util.concurrent.CompletableFuture.allOf(
                java.util.stream.Stream.<AutoCloseable>of(alice, bob, b2buaSip).filter(java.util.Objects::nonNull)
                        .map(c -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                            try {
                                c.close();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })).toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    private String b2buaUri() {
        return b2buaSip.uri("bob");
    }

    @Test
    void aliceReachesBobThroughTheB2buaWithIcePerLegMediaRelayedThenAliceHangsUp() throws Exception {
        startBobBehindB2bua(true, null);
        Call a = alice.ua().call(b2buaUri());
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());
        await(a.iceReady());
        await(b.iceReady());
        b2buaEvents.await(B2buaEvent.Bridged.class, DEADLINE);

        // Two calls: a Call-ID per leg.
        assertNotEquals(a.id(), b.id());
        // A complete ICE process per leg (RFC 8839 §7.5): four distinct ufrags and passwords in the
        // SDP, Alice's and the B2BUA's incoming leg's, the B2BUA's outgoing leg's and Bob's.
        String aliceUfrag = a.localIce().orElseThrow().credentials().ufrag();
        String inLegUfrag = a.remoteIce().orElseThrow().credentials().ufrag();
        String outLegUfrag = b.remoteIce().orElseThrow().credentials().ufrag();
        String bobUfrag = b.localIce().orElseThrow().credentials().ufrag();
        assertEquals(4, Set.of(aliceUfrag, inLegUfrag, outLegUfrag, bobUfrag).size());
        assertEquals(4, new HashSet<>(List.of(a.localIce().get().credentials().pwd(),
                a.remoteIce().get().credentials().pwd(), b.remoteIce().get().credentials().pwd(),
                b.localIce().get().credentials().pwd())).size());
        // The B2BUA's candidates differ per leg too: each leg gathered its own sockets.
        Set<Integer> inPorts = ports(a.remoteIce().get().candidates());
        Set<Integer> outPorts = ports(b.remoteIce().get().candidates());
        assertTrue(inPorts.stream().noneMatch(outPorts::contains), inPorts + " vs " + outPorts);
        // Roles: controlled toward the caller, controlling toward the callee.
        assertEquals(IceRole.CONTROLLED, checksRole(Leg.INCOMING));
        assertEquals(IceRole.CONTROLLING, checksRole(Leg.OUTGOING));

        // Media end to end through the relay, RTP and RTCP, both ways, byte for byte.
        RelayedMedia.between(a, b).exchange(0, 50);

        a.hangup();
        assertEquals("BYE received", await(b.ended()).reason());
        B2buaEvent.TornDown down = b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
        assertEquals(Leg.INCOMING, down.cause());
        assertTrue(down.relayed().toOutgoingPackets() >= 51 && down.relayed().toIncomingPackets() >= 51,
                down.toString());

        assertEquals(concat(CALLER_SETUP, "-> BYE", "<- 200 OK (BYE)"), aliceEvents.ladder());
        assertEquals(concat(CALLEE_SETUP, "<- BYE", "-> 200 OK (BYE)"), bobEvents.ladder());
        assertEquals(concat(CALLEE_SETUP, "<- BYE", "-> 200 OK (BYE)"), b2buaEvents.ladder(Leg.INCOMING));
        assertEquals(concat(CALLER_SETUP, "-> BYE", "<- 200 OK (BYE)"), b2buaEvents.ladder(Leg.OUTGOING));

        // Alice heard ringing only once both legs were ICE-ready.
        long ringing = b2buaEvents.firstAt(Leg.INCOMING, e -> e instanceof CallEvent.SipMessage m
                && m.label().startsWith("180"));
        long outReady = b2buaEvents.firstAt(Leg.OUTGOING, e -> e instanceof CallEvent.Ice i
                && i.event() instanceof IceEvent.Completed);
        long inReady = b2buaEvents.firstAt(Leg.INCOMING, e -> e instanceof CallEvent.Ice i
                && i.event() instanceof IceEvent.Completed);
        assertTrue(outReady > 0 && inReady > 0 && ringing > outReady && ringing > inReady,
                "180 at " + ringing + ", outgoing ICE " + outReady + ", incoming ICE " + inReady);
        assertReleased();
    }

    @Test
    void bobHangsUpAndTheB2buaByesAlice() throws Exception {
        startBobBehindB2bua(true, null);
        Call a = alice.ua().call(b2buaUri());
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());

        b.hangup();
        assertEquals("BYE received", await(a.ended()).reason());
        assertEquals(Leg.OUTGOING, b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE).cause());
        assertEquals(concat(CALLER_SETUP, "<- BYE", "-> 200 OK (BYE)"), aliceEvents.ladder());
        assertEquals(concat(CALLEE_SETUP, "-> BYE", "<- 200 OK (BYE)"), bobEvents.ladder());
        assertReleased();
    }

    @Test
    void aliceCancelsWhileBobRingsAndTheB2buaCancelsBob() throws Exception {
        startBobBehindB2bua(false, null);
        Call a = alice.ua().call(b2buaUri());
        aliceEvents.await(e -> e instanceof CallEvent.SipMessage m && m.label().startsWith("180"), DEADLINE,
                "180 Ringing at Alice");
        Call b = bobEvents.awaitIncoming(DEADLINE);
        a.hangup();
        assertEquals("CANCEL received", await(b.ended()).reason());
        await(a.ended());
        assertEquals(Leg.INCOMING, b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE).cause());

        List<String> callerUntilRinging = CALLER_SETUP.subList(0, 6);
        assertEquals(concat(callerUntilRinging, "-> CANCEL", "<- 200 OK (CANCEL)", "<- 487 Request Terminated (INVITE)"),
                aliceEvents.ladder());
        List<String> calleeUntilRinging = CALLEE_SETUP.subList(0, 6);
        assertEquals(concat(calleeUntilRinging, "<- CANCEL", "-> 200 OK (CANCEL)", "-> 487 Request Terminated (INVITE)"),
                bobEvents.ladder());
        assertReleased();
    }

    @Test
    void aNumberWithoutRouteGets404AndNoOutgoingLeg() throws Exception {
        startBobBehindB2bua(true, invite -> Optional.empty());
        Call a = alice.ua().call(b2buaUri());
        CallEvent.Ended end = await(a.ended());
        assertTrue(end.reason().startsWith("404"), end.reason());
        assertEquals(404, b2buaEvents.await(B2buaEvent.Rejected.class, DEADLINE).status());
        assertTrue(b2buaEvents.ladder(Leg.OUTGOING).isEmpty());
        assertTrue(bobEvents.events().isEmpty());
        assertReleased();
    }

    private IceRole checksRole(Leg leg) {
        for (B2buaEvent e : b2buaEvents.events()) {
            if (e instanceof B2buaEvent.LegEvent l && l.leg() == leg && l.event() instanceof CallEvent.Ice i
                    && i.event() instanceof IceEvent.ChecksStarted started) {
                return started.role();
            }
        }
        throw new AssertionError("no ChecksStarted on the " + leg + " leg");
    }

    private static Set<Integer> ports(List<org.sipice.sdp.IceCandidate> candidates) {
        Set<Integer> ports = new HashSet<>();
        candidates.forEach(c -> ports.add(c.port()));
        return ports;
    }

    private void assertReleased() throws Exception {
        Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size() + alice.ua().calls().size()
                + bob.ua().calls().size(), 0, DEADLINE, () -> "bridges and calls left");
        resources.assertReleased();
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}

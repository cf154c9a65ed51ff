package org.sipice.thirdparty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.sip.SipEndpoint;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.Eventually;
import org.sipice.testing.RelayedMedia;
import org.sipice.testing.TestUserAgent;

/**
 * A third-party controller (RFC 3725) joins sipice user agents that answer as soon as their
 * phone may ring; media flows between them directly, each pair running its own ICE.
 */
class ThirdPartyControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder aliceEvents = new CallRecorder(true);
    private final CallRecorder bobEvents = new CallRecorder(true);
    private final CallRecorder carolEvents = new CallRecorder(true);
    private final List<ControllerEvent> controllerEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TestUserAgent alice;
    private TestUserAgent bob;
    private TestUserAgent carol;
    private SipEndpoint controllerSip;
    private ThirdPartyController controller;
    private CallResources resources;

    private void start(UnaryOperator<CallConfig> aliceTweak) throws Exception {
        alice = TestUserAgent.start("alice", aliceEvents, aliceTweak);
        bob = TestUserAgent.start("bob", bobEvents);
        carol = TestUserAgent.start("carol", carolEvents);
        controllerSip = TestUserAgent.startEndpoint("controller");
        controller = ThirdPartyController.builder(controllerSip.provider()).listener(controllerEvents::add).start();
        resources = CallResources.baseline();
    }

    @BeforeEach
    void startUserAgents() throws Exception {
        start(UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        controller.close();
        CompletableFuture.allOf(Stream.<AutoCloseable>of(alice, bob, carol, controllerSip)
                .map(c -> CompletableFuture.runAsync(() -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void flowOneConnectsAliceAndBobThenAliceIsTransferredToCarolWithAnIceRestart() throws Exception {
        ControlledCall call = controller.connect(alice.uri(), bob.uri(), Flow.I);
        await(call.connected());
        Call a = aliceEvents.awaitIncoming(DEADLINE);
        Call b = bobEvents.awaitIncoming(DEADLINE);
        established(a, b);
        // Flow I: Alice offered (in her 200), so she controls; Bob answers.
        assertEquals(IceRole.CONTROLLING, checksRole(aliceEvents));
        assertEquals(IceRole.CONTROLLED, checksRole(bobEvents));
        // The controller passed the ICE attributes unchanged.
        assertEquals(a.localIce().orElseThrow().credentials(), b.remoteIce().orElseThrow().credentials());
        assertEquals(b.localIce().orElseThrow().credentials(), a.remoteIce().orElseThrow().credentials());
        RelayedMedia.between(a, b).exchange(0, 20);

        var before = a.localIce().orElseThrow();
        await(call.transfer(carol.uri()));
        Call c = carolEvents.awaitIncoming(DEADLINE);
        await(c.established());
        assertEquals("BYE received", await(b.ended()).reason());
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Alice's ICE restart toward Carol");
        // RFC 8839 §7.5: a new ICE process toward Carol, new credentials and fresh candidates.
        var after = a.localIce().orElseThrow();
        assertNotEquals(before.credentials().ufrag(), after.credentials().ufrag());
        assertNotEquals(before.credentials().pwd(), after.credentials().pwd());
        Set<Integer> oldPorts = ports(before);
        assertTrue(ports(after).stream().noneMatch(oldPorts::contains), ports(after) + " vs " + oldPorts);
        assertEquals(after.credentials(), c.remoteIce().orElseThrow().credentials());
        assertEquals(c.localIce().orElseThrow().credentials(), a.remoteIce().orElseThrow().credentials());
        RelayedMedia.between(a, c).exchange(100, 20);

        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP",
                "<- INVITE",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP"), aliceEvents.ladder());
        assertTrue(controllerEvents.stream().anyMatch(e -> e instanceof ControllerEvent.Transferred t
                && t.from().equals("B") && t.to().equals("C")), controllerEvents.toString());

        call.hangup();
        ControllerEvent.Ended end = await(call.ended());
        assertTrue(!end.failure(), end.toString());
        await(a.ended());
        await(c.ended());
        assertReleased();
    }

    @Test
    void flowThreeParksAliceOnABlackHoleThenBobsOfferRestartsHerIce() throws Exception {
        ControlledCall call = controller.connect(alice.uri(), bob.uri(), Flow.III);
        await(call.connected());
        Call a = aliceEvents.awaitIncoming(DEADLINE);
        Call b = bobEvents.awaitIncoming(DEADLINE);
        established(a, b);
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Alice's restart toward Bob");
        // Bob offered (in his 200) and starts controlling; Alice keeps the controlling role of
        // her first offer across the restart (IceSession.restart keeps the role), so the role
        // conflict of RFC 8445 §7.3.1.1 may settle who controls: in the end, exactly one does.
        assertNotEquals(currentRole(aliceEvents), currentRole(bobEvents));
        assertEquals(b.localIce().orElseThrow().credentials(), a.remoteIce().orElseThrow().credentials());
        assertEquals(a.localIce().orElseThrow().credentials(), b.remoteIce().orElseThrow().credentials());
        RelayedMedia.between(a, b).exchange(0, 20);
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP",
                "<- INVITE +SDP",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK"), aliceEvents.ladder());
        assertEquals(List.of(
                "<- INVITE",
                "-> 100 Trying (INVITE)",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK +SDP"), bobEvents.ladder());

        b.hangup(); // Bob leaves: the controller ends Alice's dialog too
        await(call.ended());
        assertEquals("BYE received", await(a.ended()).reason());
        assertReleased();
    }

    @Test
    void flowFourOffersAliceAnInactiveBlackHoleSheRingsAtOnceWithTheDefaultGateThenTalksToBob() throws Exception {
        // The default profile: ringing gate policy FAIL. The black hole offer is a=inactive, so
        // Alice's gate has no media to wait for (RFC 3264 §5.1) and she rings without ICE.
        assertEquals(RingingGatePolicy.FAIL, SipProfile.load("loopback-demo").callConfig().ringingGatePolicy());
        ControlledCall call = controller.connect(alice.uri(), bob.uri(), Flow.IV);
        await(call.connected());
        Call a = aliceEvents.awaitIncoming(DEADLINE);
        Call b = bobEvents.awaitIncoming(DEADLINE);
        established(a, b);
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Alice's restart toward Bob");
        CallEvent.RingingGateOpened gate = aliceEvents.events().stream()
                .filter(CallEvent.RingingGateOpened.class::isInstance).map(CallEvent.RingingGateOpened.class::cast)
                .findFirst().orElseThrow();
        assertTrue(!gate.iceReady(), "opened without ICE toward the black hole: " + gate);
        RelayedMedia.between(a, b).exchange(0, 20);
        call.hangup();
        await(call.ended());
        await(a.ended());
        // Early answer in 100 and 183 (the controller sends no Supported: 100rel), then 180 at
        // once: no 480. The ACK of the re-INVITE came before the controller's BYE.
        assertEquals(List.of(
                "<- INVITE +SDP",
                "-> 100 Trying (INVITE) +SDP",
                "-> 183 Session Progress (INVITE) +SDP",
                "-> 180 Ringing (INVITE)",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK",
                "<- INVITE +SDP",
                "-> 200 OK (INVITE) +SDP",
                "<- ACK"), aliceEvents.ladder().subList(0, 9));
        assertReleased();
    }

    @Test
    void flowTwoIsRefusedBeforeAnyMessage() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> controller.connect(alice.uri(), bob.uri(), Flow.II));
        assertTrue(e.getMessage().contains("Flow II") && e.getMessage().contains("answerer"), e.getMessage());
        assertTrue(aliceEvents.events().isEmpty() && bobEvents.events().isEmpty());
        assertEquals(0, controller.activeCalls());
        assertEquals(0, controller.liveDialogs());
    }

    private void established(Call a, Call b) throws Exception {
        for (Call call : List.of(a, b)) {
            await(call.established());
            await(call.iceReady());
        }
    }

    /** The role now: the latest ChecksStarted or RoleChanged. */
    private static IceRole currentRole(CallRecorder recorder) {
        IceRole role = null;
        for (CallEvent e : recorder.events()) {
            if (e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.ChecksStarted started) {
                role = started.role();
            } else if (e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RoleChanged changed) {
                role = changed.role();
            }
        }
        return role;
    }

    private static IceRole checksRole(CallRecorder recorder) {
        return checksRole(recorder.events());
    }

    /** The role the session started its checks with (before any role conflict). */
    private static IceRole checksRole(List<CallEvent> events) {
        for (CallEvent e : events) {
            if (e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.ChecksStarted started) {
                return started.role();
            }
        }
        throw new AssertionError("no ChecksStarted: " + events);
    }

    private static Set<Integer> ports(org.sipice.ice.LocalIce local) {
        Set<Integer> ports = new HashSet<>();
        local.candidates().forEach(c -> ports.add(c.port()));
        return ports;
    }

    private void assertReleased() throws Exception {
        Eventually.atMost(() -> controller.activeCalls() + controller.liveDialogs() + alice.ua().calls().size()
                + bob.ua().calls().size() + carol.ua().calls().size(), 0, DEADLINE, () -> "calls and dialogs left");
        resources.assertReleased();
    }
}

package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.b2bua.B2buaEvent.Leg;
import org.sipice.ice.IceEvent;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.SipEndpoint;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.RelayedMedia;
import org.sipice.testing.Eventually;
import org.sipice.testing.TestUserAgent;

/**
 * Legs that fail end the bridge cleanly, and a leg that restarts ICE keeps the other one as it is.
 */
class B2buaFailureTest {
    private static final Duration DEADLINE = B2buaLadderTest.DEADLINE;

    private final B2buaRecorder b2buaEvents = new B2buaRecorder();
    private final CallRecorder bobEvents = new CallRecorder(false);
    private final CallRecorder aliceEvents = new CallRecorder(false);
    private TestUserAgent bob;
    private TestUserAgent alice;
    private BareSipPeer rawCaller;
    private SipEndpoint b2buaSip;
    private B2bua b2bua;
    private CallResources resources;

    private void start(UnaryOperator<CallConfig> bobTweak, UnaryOperator<CallConfig> b2buaTweak, boolean bobAnswers)
            throws Exception {
        bob = TestUserAgent.start("bob", bobAnswers ? new AutoAnswer(bobEvents) : bobEvents, bobTweak);
        b2buaSip = TestUserAgent.startEndpoint("b2bua");
        String bobUri = bob.uri();
        b2bua = B2bua.builder(b2buaSip.provider(), invite -> Optional.of(bobUri))
                .callConfig(b2buaTweak.apply(SipProfile.load("loopback-demo").callConfig()))
                .listener(b2buaEvents).start();
    }

    @AfterEach
    void stop() {
        if (b2bua != null) {
            b2bua.close();
        }
        CompletableFuture.allOf(Stream.<AutoCloseable>of(alice, bob, b2buaSip, rawCaller)
                .filter(java.util.Objects::nonNull).map(c -> CompletableFuture.runAsync(() -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void iceFailsOnTheIncomingLegSoTheCallerGets480AndBobIsCancelled() throws Exception {
        // The B2BUA gives up on the caller's candidates after 2 s of checks.
        start(UnaryOperator.identity(), c -> c.toBuilder().ice(c.ice().toBuilder()
                .checksTimeout(Duration.ofSeconds(2)).build()).build(), false);
        rawCaller = BareSipPeer.start("raw");
        resources = CallResources.baseline();

        // A caller whose candidates lead nowhere (discard ports on loopback).
        rawCaller.send(rawCaller.invite("bob", b2buaSip, deadOffer()));
        Call b = bobEvents.awaitIncoming(DEADLINE);
        BareSipPeer.Arrival failure = rawCaller.await(a -> a.status() >= 300, 1, DEADLINE, "final response").get(0);
        assertEquals(480, failure.status());
        assertTrue(failure.response().getHeader("Warning").toString().contains("ICE"),
                failure.response().toString());

        assertEquals("CANCEL received", await(b.ended()).reason());
        B2buaEvent.TornDown down = b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
        assertEquals(Leg.INCOMING, down.cause());
        assertTrue(down.reason().startsWith("480"), down.reason());
        // Bob's leg had ICE ready and rang, the caller's never did: no media was ever relayed.
        assertEquals(B2buaEvent.RelayCounts.NONE, down.relayed());
        assertEquals(B2buaLadderTest.concat(B2buaLadderTest.CALLEE_SETUP.subList(0, 6),
                "<- CANCEL", "-> 200 OK (CANCEL)", "-> 487 Request Terminated (INVITE)"), bobEvents.ladder());
        assertReleased();
    }

    @Test
    void iceFailsOnTheOutgoingLegSoTheCallerGets480() throws Exception {
        // Bob gathers on IPv6 loopback only, the B2BUA on IPv4 only: no candidate pair on that leg.
        InetAddress v6 = InetAddress.getByName("::1");
        start(c -> c.toBuilder().ice(c.ice().toBuilder().hostAddresses(List.of(v6))
                .ipv6(true).build()).ringingGateTimeout(Duration.ofSeconds(3)).build(), UnaryOperator.identity(), true);
        alice = TestUserAgent.start("alice", aliceEvents);
        resources = CallResources.baseline();

        Call a = alice.ua().call(b2buaSip.uri("bob"));
        CallEvent.Ended end = await(a.ended());
        assertTrue(end.reason().startsWith("480"), end.reason());
        B2buaEvent.TornDown down = b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
        assertEquals(Leg.OUTGOING, down.cause());
        assertEquals(List.of(
                "-> INVITE +SDP",
                "<- 100 Trying (INVITE) +SDP",
                "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK",
                "<- 200 OK (PRACK)",
                "<- 480 Temporarily Unavailable (INVITE)"), aliceEvents.ladder());
        assertReleased();
    }

    @Test
    void aliceRestartsIceOnHerLegAndBobsLegIsUntouched() throws Exception {
        start(UnaryOperator.identity(), UnaryOperator.identity(), true);
        alice = TestUserAgent.start("alice", aliceEvents);
        resources = CallResources.baseline();
        Call a = alice.ua().call(b2buaSip.uri("bob"));
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());
        b2buaEvents.await(B2buaEvent.Bridged.class, DEADLINE);
        RelayedMedia media = RelayedMedia.between(a, b);
        media.exchange(0, 20);
        String inLegUfrag = a.remoteIce().orElseThrow().credentials().ufrag();
        String outLegUfrag = b.remoteIce().orElseThrow().credentials().ufrag();
        int bobLadder = bobEvents.ladder().size();

        a.restartIce();
        aliceEvents.await(e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.RestartCompleted,
                DEADLINE, "Alice's restart");
        // The incoming leg restarted with new credentials (RFC 8445 §9); the outgoing leg did not move.
        assertNotEquals(inLegUfrag, a.remoteIce().orElseThrow().credentials().ufrag());
        assertEquals(outLegUfrag, b.remoteIce().orElseThrow().credentials().ufrag());
        media.exchange(100, 20);
        assertEquals(bobLadder, bobEvents.ladder().size(), "Bob saw nothing: " + bobEvents.ladder());
        assertEquals(List.of("<- INVITE +SDP", "-> 200 OK (INVITE) +SDP", "<- ACK"),
                tail(b2buaEvents.ladder(Leg.INCOMING), 3));

        a.hangup();
        await(b.ended());
        assertReleased();
    }

    @Test
    void bobVanishesSoConsentExpiresOnHisLegAndTheB2buaByesAlice() throws Exception {
        // Consent checks every 300 ms, expiry after 1.5 s without an answer (RFC 7675 §5.1).
        start(UnaryOperator.identity(), c -> c.toBuilder().ice(c.ice().toBuilder()
                .consentInterval(Duration.ofMillis(300)).consentTimeout(Duration.ofMillis(1500)).build()).build(), true);
        alice = TestUserAgent.start("alice", aliceEvents);
        resources = CallResources.baseline();
        Call a = alice.ua().call(b2buaSip.uri("bob"));
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());
        b2buaEvents.await(B2buaEvent.Bridged.class, DEADLINE);

        // Bob's phone dies without a BYE: his ICE sessions close, nothing answers consent checks.
        // A fresh agent on his stack answers the B2BUA's BYE for the forgotten call with 481.
        bob.ua().close();
        try (org.sipice.sip.IceUserAgent reborn = org.sipice.sip.IceUserAgent.create(bob.sip().provider(), "bob",
                SipProfile.load("loopback-demo").callConfig(), null, null)) {
            B2buaEvent.TornDown down = b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
            assertEquals(Leg.OUTGOING, down.cause());
            assertTrue(down.reason().startsWith("consent lost on the outgoing leg"), down.reason());
            assertEquals("BYE received", await(a.ended()).reason());
            Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size()
                    + alice.ua().calls().size(), 0, DEADLINE, () -> "bridges and calls left");
            resources.assertReleased();
        }
    }

    private void assertReleased() throws Exception {
        Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size() + bob.ua().calls().size()
                + (alice == null ? 0 : alice.ua().calls().size()), 0, DEADLINE, () -> "bridges and calls left");
        resources.assertReleased();
    }

    private static List<String> tail(List<String> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }

    /** An ICE offer whose candidates are loopback discard ports: every check goes unanswered. */
    private static String deadOffer() {
        return "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp:10\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 10 typ host\r\n";
    }

    /** Bob answers as soon as his phone rings, and his events are recorded. */
    private static final class AutoAnswer implements org.sipice.sip.CallListener {
        private final CallRecorder recorder;

        AutoAnswer(CallRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void incomingCall(Call call) {
            recorder.incomingCall(call);
        }

        @Override
        public void readyToAlert(Call call) {
            call.answer();
        }

        @Override
        public void onEvent(Call call, long atNanos, CallEvent event) {
            recorder.onEvent(call, atNanos, event);
        }
    }
}

package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.FromHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.testing.CallMedia;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.TestUserAgent;

/**
 * Mallory knows a live call's Call-ID (and the caller's From tag: SIP travels in clear) and sends
 * requests with that Call-ID and tags of no dialog of the call, before ICE, while it runs and once
 * the call is up. RFC 3261 §12.2.2: an in-dialog request whose tags match no dialog gets 481;
 * an INVITE reusing a live Call-ID outside its dialog is refused with 482 (RFC 3261 §8.2.2.2,
 * §8.1.1.4). Nothing Mallory sends reaches the call: no ICE restart, no change of selected pair
 * or role, no media toward her; the real call completes, carries its RTP and ends cleanly.
 *
 * <pre>
 *   Alice                    Bob                      Mallory (raw UDP, live Call-ID)
 *     INVITE (offer) ------>   incomingCall     <---- INVITE, new From tag, no To tag      482
 *         ... ICE checks ...   checks started   <---- UPDATE, Alice's From tag, forged To   481
 *                                               <---- INVITE, new From tag                  482
 *                  <------ 180, 200 (gate released once ICE completed)
 *     ACK ----------------->
 *         ... RTP ...                           <---- re-INVITE/UPDATE (ICE restart offer),
 *                                                     INFO, BYE with wrong tags             481
 *                                               <---- INVITE, new From tag                  482
 *     (Alice)               <------------------------ INVITE, no To tag                     482
 *                           <------------------------ re-INVITE, BYE, To = Alice's tag      481
 *         ... RTP both ways, none to Mallory; BYE; everything released ...
 * </pre>
 */
class StraySipRequestsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(true);
    private final List<AutoCloseable> fixtures = new ArrayList<>();
    /** Mallory's requests (by CSeq) and the status RFC 3261 gives each. */
    private final Map<Long, Integer> expected = new ConcurrentHashMap<>();
    private final List<String> malloryErrors = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = fixtures.size() - 1; i >= 0; i--) {
            fixtures.get(i).close();
        }
    }

    @Test
    void requestsWithALiveCallIdAndWrongTagsAreRefusedBeforeDuringAndAfterIceAndChangeNothing() throws Exception {
        HostileSipSender mallory = fixture(HostileSipSender.start());
        PlainRtpPeer trap = fixture(PlainRtpPeer.start()); // where Mallory's offers ask the media to go
        CompletableFuture<Void> ring = new CompletableFuture<>();
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents));
        TestUserAgent[] bobUa = new TestUserAgent[1];
        bobUa[0] = fixture(TestUserAgent.start("bob", new CallListener() {
            @Override
            public void incomingCall(Call call) {
                bobEvents.incomingCall(call);
                call.holdRingingUntil(ring);
                // Before ICE: Bob is about to gather.
                strayInvite(mallory, bob(bobUa[0]), call.id(), trap, "before ICE");
            }

            @Override
            public void readyToAlert(Call call) {
                bobEvents.readyToAlert(call);
            }

            @Override
            public void onEvent(Call call, long atNanos, CallEvent event) {
                bobEvents.onEvent(call, atNanos, event);
                if (event instanceof CallEvent.Ice ice && ice.event() instanceof IceEvent.ChecksStarted) {
                    // During ICE: checks have just started.
                    strayRequest(mallory, "UPDATE", bob(bobUa[0]), call.id(), callerTag(call), "forged", trap, 481);
                    strayInvite(mallory, bob(bobUa[0]), call.id(), trap, "during ICE");
                }
            }
        }));
        CallResources baseline = CallResources.baseline();

        Call alice = aliceUa.ua().call(bobUa[0].uri());
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.iceReady());
        await(alice.iceReady());
        assertEquals(3, expected.size(), "Mallory's requests before and during ICE: " + malloryErrors);
        awaitRefusals(mallory);
        ring.complete(null);
        await(alice.established());
        await(bob.established());
        List<CandidatePairInfo> alicePairs = pairs(alice);
        List<CandidatePairInfo> bobPairs = pairs(bob);

        // After ICE, established: in-dialog requests with wrong tags and INVITEs with the Call-ID.
        InetSocketAddress bobSip = bob(bobUa[0]);
        InetSocketAddress aliceSip = new InetSocketAddress("127.0.0.1", aliceUa.sip().port());
        String callerTag = callerTag(bob);
        for (String method : List.of("INVITE", "UPDATE", "INFO", "BYE")) {
            strayRequest(mallory, method, bobSip, bob.id(), callerTag, "forged", trap, 481);
        }
        strayRequest(mallory, "INVITE", bobSip, bob.id(), "mallory", callerTag, trap, 481);
        strayInvite(mallory, bobSip, bob.id(), trap, "after ICE");
        strayInvite(mallory, aliceSip, alice.id(), trap, "at the caller");
        strayRequest(mallory, "INVITE", aliceSip, alice.id(), "forged", callerTag, trap, 481);
        strayRequest(mallory, "BYE", aliceSip, alice.id(), "forged", callerTag, trap, 481);
        awaitRefusals(mallory);

        // The call is untouched: same pairs, no restart or role change, media only between Alice and Bob.
        CallMedia.exchange(alice, bob, 50, Duration.ofSeconds(5));
        assertEquals(alicePairs, pairs(alice));
        assertEquals(bobPairs, pairs(bob));
        for (CallRecorder r : List.of(aliceEvents, bobEvents)) {
            assertEquals(-1, r.indexOf(e -> e instanceof CallEvent.Ice i && (i.event() instanceof IceEvent.RestartStarted
                    || i.event() instanceof IceEvent.RoleChanged || i.event() instanceof IceEvent.SelectedPairChanged)),
                    r.events().toString());
        }
        assertEquals(0, trap.receivedCount(), "RTP packets sent to Mallory");

        alice.hangup();
        await(alice.ended());
        assertEquals("BYE received", await(bob.ended()).reason());
        // Nothing of Mallory's is in the real call's ladder. (Bob's one 100 Trying carries the
        // answer when it was ready in time, else the 183 does: OwnTrying.)
        assertEquals(List.of("<- INVITE +SDP", "-> 100 Trying", "-> 183 Session Progress (INVITE) [100rel] +SDP",
                "<- PRACK", "-> 200 OK (PRACK)", "-> 180 Ringing (INVITE)", "-> 200 OK (INVITE) +SDP", "<- ACK",
                "<- BYE", "-> 200 OK (BYE)"), withoutTryingBody(bobEvents.ladder()));
        assertEquals(List.of("-> INVITE +SDP", "<- 100 Trying", "<- 183 Session Progress (INVITE) [100rel] +SDP",
                "-> PRACK", "<- 200 OK (PRACK)", "<- 180 Ringing (INVITE)", "<- 200 OK (INVITE) +SDP", "-> ACK",
                "-> BYE", "<- 200 OK (BYE)"), withoutTryingBody(aliceEvents.ladder()));
        assertTrue(aliceUa.ua().calls().isEmpty() && bobUa[0].ua().calls().isEmpty());
        baseline.assertReleased();
    }

    /** Waits for the final response to each of Mallory's requests and checks its status (never 500). */
    private void awaitRefusals(HostileSipSender mallory) throws InterruptedException {
        assertTrue(malloryErrors.isEmpty(), malloryErrors.toString());
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            HostileSipSender.Reply reply = mallory.awaitFinal(e.getKey(), DEADLINE);
            assertEquals(e.getValue().intValue(), reply.status(), "Mallory's " + reply.method() + ":\n" + reply.text());
        }
    }

    /** An INVITE with the live Call-ID, a new From tag, no To tag and an ICE restart offer: 482. */
    private void strayInvite(HostileSipSender mallory, InetSocketAddress to, String callId, PlainRtpPeer trap,
            String when) {
        strayRequest(mallory, "INVITE", to, callId, "mallory-" + when.replace(' ', '-'), null, trap, 482);
    }

    private void strayRequest(HostileSipSender mallory, String method, InetSocketAddress to, String callId,
            String fromTag, String toTag, PlainRtpPeer trap, int status) {
        boolean offer = method.equals("INVITE") || method.equals("UPDATE");
        try {
            expected.put(mallory.send(method, to, callId, fromTag, toTag, offer ? iceOffer(trap.port()) : null), status);
        } catch (java.io.IOException e) {
            synchronized (malloryErrors) {
                malloryErrors.add(method + ": " + e);
            }
        }
    }

    private static InetSocketAddress bob(TestUserAgent bob) {
        return new InetSocketAddress("127.0.0.1", bob.sip().port());
    }

    /** The caller's From tag, as anyone on the signalling path sees it. */
    private static String callerTag(Call calleeSide) {
        return ((FromHeader) calleeSide.incomingInvite().orElseThrow().getHeader(FromHeader.NAME)).getTag();
    }

    private static List<String> withoutTryingBody(List<String> ladder) {
        return ladder.stream().map(l -> l.contains("100 Trying") ? l.substring(0, l.indexOf(" (INVITE)")) : l).toList();
    }

    private static List<CandidatePairInfo> pairs(Call call) {
        return List.of(call.selectedPair(1).orElseThrow(), call.selectedPair(2).orElseThrow());
    }

    /** An ICE offer with new credentials (a restart) whose candidates are Mallory's trap socket. */
    private static String iceOffer(int port) {
        return "v=0\r\no=mallory 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:mall\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }

    private <T extends AutoCloseable> T fixture(T c) {
        fixtures.add(c);
        return c;
    }
}

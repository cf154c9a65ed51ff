package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.internal.concurrent.CountingScheduler;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;

/**
 * Forks of one offer on fake time and a fake network with a 10 ms one-way delay (RFC 8839 §7.3).
 *
 * <p>A fork's checks that come before its answer are held, then answered and triggered when its
 * check list starts. The fork that did not answer first is released: here the second fork (the
 * mobile, on Alice's fork of the offering session) answers 200 OK first, so the offering session
 * itself is closed, as the SIP layer does (RFC 3261 §13.2.2.4), and the mobile's check list keeps
 * everything it uses:
 *
 * <pre>
 *   Alice: desk's check list + mobile's check list on one port, one ufrag
 *   both complete; the mobile answers 200 OK; Alice closes the desk's (the offering) session
 *   nothing more leaves toward the desk: no check, no consent, no keepalive (no timer left)
 *   the desk's consent checks go unanswered: its session fails (RFC 7675 §5.1)
 *   Alice and the mobile keep consent and media for a minute; then Alice hangs up: no timer left
 * </pre>
 */
class ForkedCheckListsFakeTimeTest {
    private static final Duration ONE_WAY = Duration.ofMillis(10);
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeScheduler time = new FakeScheduler();
    private final CountingScheduler atAlice = new CountingScheduler(time);
    private final FakeNetwork net = new FakeNetwork(time).latency(ONE_WAY);
    private int nextPort = 40000;

    /** Host ports from the fake network on the session's address. */
    private final PortOpener ports = (local, component, receiver) -> CompletableFuture.completedFuture(
            net.open(new InetSocketAddress(local.getAddress(), nextPort++), receiver));

    private LoopSession session(String host, IceRole role, EventRecorder events, Scheduler scheduler)
            throws Exception {
        IceConfig config = IceConfig.builder().rtcpMux(true).addHostAddress(InetAddress.getByName(host)).build();
        return new LoopSession(config, role, events, scheduler, ports);
    }

    private LocalIce gathered(IceSession s) throws Exception {
        CompletableFuture<LocalIce> f = s.gather();
        // The state is the loop's; the future completes on the session's event thread.
        assertTrue(time.advanceUntil(() -> s.state() == IceState.GATHERED, LIMIT));
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static InetSocketAddress local(IceSession s) {
        var at = s.selectedPair(1).orElseThrow().local().transportAddr();
        return new InetSocketAddress(at.address(), at.port());
    }

    @Test
    void aForksChecksBeforeItsAnswerAreHeldThenAnsweredAndTriggeredOnItsOwnCheckList() throws Exception {
        LoopSession aliceToDesk = session("10.0.0.1", IceRole.CONTROLLING, new EventRecorder(), atAlice);
        LoopSession desk = session("10.0.0.2", IceRole.CONTROLLED, new EventRecorder(), time);
        LoopSession mobile = session("10.0.0.3", IceRole.CONTROLLED, new EventRecorder(), time);
        LocalIce offer = gathered(aliceToDesk);
        LocalIce deskAnswer = gathered(desk);
        LocalIce mobileAnswer = gathered(mobile);
        desk.start(IcePeers.remote(offer));
        aliceToDesk.start(IcePeers.remote(deskAnswer));
        assertTrue(time.advanceUntil(() -> aliceToDesk.state() == IceState.COMPLETED, LIMIT));

        // The mobile's 183 is slower than its checks: they reach Alice before its answer, its
        // check and two retransmissions (RTO 100 ms, doubling: the next one leaves at 700 ms).
        mobile.start(IcePeers.remote(offer));
        time.advance(Duration.ofMillis(350));
        assertTrue(aliceToDesk.heldChecks() > 0, "held for the fork to come");
        assertEquals(List.of(deskAnswer.candidates().get(0).port()), aliceToDesk.stats().remoteCandidates().stream()
                .map(c -> c.port()).toList(), "the desk's check list learnt nothing of the mobile");

        // The answer comes: the held checks are the new check list's, answered and triggered.
        LoopSession aliceToMobile = aliceToDesk.fork(IceRole.CONTROLLING, new EventRecorder());
        gathered(aliceToMobile);
        long answeredAt = time.nanoTime();
        aliceToMobile.start(IcePeers.remote(mobileAnswer));
        assertTrue(time.advanceUntil(() -> aliceToMobile.state() == IceState.COMPLETED
                && mobile.state() == IceState.COMPLETED, LIMIT));
        assertEquals(0, aliceToDesk.heldChecks());
        // Within a few round trips of the answer, not at the mobile's next retransmission 350 ms
        // later: the held check was answered when the check list started (the mobile's pair is
        // valid at once, and our nomination completes it, RFC 8445 §7.3.1.5).
        assertTrue(time.nanoTime() - answeredAt <= Duration.ofMillis(100).toNanos(),
                "completed " + Duration.ofNanos(time.nanoTime() - answeredAt).toMillis() + " ms after the answer");
        assertEquals(IceState.COMPLETED, aliceToDesk.state());
        aliceToMobile.close();
        aliceToDesk.close();
        desk.close();
        mobile.close();
        assertEquals(0, atAlice.live(), "no timer of Alice's is left");
    }

    @Test
    void theOfferingSessionIsReleasedAndTheWinningForkKeepsPortsConsentAndMedia() throws Exception {
        EventRecorder deskEvents = new EventRecorder();
        EventRecorder mobileListEvents = new EventRecorder();
        LoopSession aliceToDesk = session("10.0.0.1", IceRole.CONTROLLING, new EventRecorder(), atAlice);
        LoopSession desk = session("10.0.0.2", IceRole.CONTROLLED, deskEvents, time);
        LoopSession mobile = session("10.0.0.3", IceRole.CONTROLLED, new EventRecorder(), time);

        LocalIce offer = gathered(aliceToDesk);
        LoopSession aliceToMobile = aliceToDesk.fork(IceRole.CONTROLLING, mobileListEvents);
        gathered(aliceToMobile);
        LocalIce deskAnswer = gathered(desk);
        LocalIce mobileAnswer = gathered(mobile);
        desk.start(IcePeers.remote(offer));
        mobile.start(IcePeers.remote(offer));
        aliceToDesk.start(IcePeers.remote(deskAnswer));
        aliceToMobile.start(IcePeers.remote(mobileAnswer));
        List<LoopSession> all = List.of(desk, mobile, aliceToDesk, aliceToMobile);
        assertTrue(time.advanceUntil(() -> all.stream().allMatch(s -> s.state() == IceState.COMPLETED), LIMIT),
                all.toString());
        assertEquals(1, aliceToDesk.openHostPorts(), "one port for both forks");

        // The mobile answers 200 OK first: the offering session (the desk's check list) goes.
        aliceToDesk.close();
        long closedAt = time.nanoTime();
        assertEquals(IceState.CLOSED, aliceToDesk.state());
        assertEquals(1, aliceToMobile.checkListsSharing());
        assertEquals(1, aliceToMobile.openHostPorts(), "the winner keeps the port");

        List<String> atMobile = new ArrayList<>();
        mobile.media().receive((c, data, len, from) -> atMobile.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        time.advance(Duration.ofSeconds(60));
        byte[] hello = "hello mobile".getBytes(StandardCharsets.UTF_8);
        aliceToMobile.media().send(1, hello, 0, hello.length);
        time.advance(Duration.ofMillis(100));

        InetSocketAddress alicePort = local(aliceToMobile);
        InetSocketAddress deskPort = local(desk);
        InetSocketAddress mobilePort = local(mobile);
        List<FakeNetwork.Datagram> later = net.sent().stream().filter(d -> d.sentNanos() > closedAt).toList();
        assertEquals(List.of(), later.stream().filter(d -> d.from().equals(alicePort) && d.to().equals(deskPort))
                .toList(), "nothing of the desk's check list is left to send");
        assertTrue(later.stream().anyMatch(d -> d.from().equals(alicePort) && d.to().equals(mobilePort)),
                "consent with the mobile goes on");
        // RFC 7675 §5.1: the desk's consent checks were dropped unanswered (not held for a fork to
        // come: its check list is gone); its session failed.
        assertEquals(IceState.FAILED, desk.state());
        assertEquals(0, aliceToMobile.heldChecks());
        assertEquals(IceState.COMPLETED, aliceToMobile.state());
        assertEquals(IceState.COMPLETED, mobile.state());
        assertEquals(List.of("hello mobile"), atMobile);

        // Alice hangs up with the mobile: the last check list takes the port and every timer along.
        aliceToMobile.close();
        mobileListEvents.await(IceEvent.Closed.class, WAIT);
        assertEquals(0, aliceToMobile.openHostPorts());
        assertEquals(0, atAlice.live(), "no timer of Alice's is left");
        desk.close();
        mobile.close();
        assertEquals(0, net.openPorts());
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ConsentLost;
import org.sipice.testing.Closer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.SessionPair;
import org.sipice.testing.StunTraffic;
import org.sipice.testing.StunTraffic.Message;

/**
 * Consent freshness (RFC 7675) on every component when rtcp-mux is off: RTP and RTCP each have
 * their own selected pair and each needs its consent renewed. ice4j, once it has terminated (3 s
 * after completion), answers checks only on the RTP component's selected pair; RTCP's consent
 * then expired (issue 11, defect 1: every call without rtcp-mux lost its media at ~30 s).
 */
class ConsentOnEveryComponentTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** ice4j's termination delay (3 s) plus three consent timeouts. */
    private static final Duration HOLD = Duration.ofMillis(3000).plus(TIMEOUT.multipliedBy(3));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;
    @RegisterExtension
    final Closer closer = new Closer();
    private StunTraffic traffic;

    private static IceConfig config() {
        return IceConfig.builder().addHostAddress(LOOPBACK).rtcpMux(false)
                .consentInterval(INTERVAL).consentTimeout(TIMEOUT).keepaliveInterval(INTERVAL).build();
    }

    @Test
    void withoutRtcpMuxEveryComponentsConsentChecksAreAnsweredWellPastTheTimeout() throws Exception {
        traffic = closer.add(StunTraffic.install());
        alice = peers.alice(config());
        bob = peers.bob(config());
        peers.connect(DEADLINE);
        long completedAt = System.nanoTime();
        long terminatedAt = completedAt + Duration.ofSeconds(4).toNanos(); // ice4j's 3 s, and a margin
        long heldUntil = completedAt + HOLD.toNanos();

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo pair = alice.selectedPair(component).orElseThrow();
            // The call is held: both sides are still checking consent on this component after HOLD.
            traffic.await(request(pair.local().port(), pair.remote().port(), heldUntil), 1, HOLD.plus(DEADLINE),
                    "Alice's consent check on component " + component + " after " + HOLD.toMillis() + " ms");
            traffic.await(request(pair.remote().port(), pair.local().port(), heldUntil), 1, DEADLINE,
                    "Bob's consent check on component " + component + " after " + HOLD.toMillis() + " ms");
            // Every consent check made after ice4j terminated was answered, both ways.
            assertAllAnswered(pair.local().port(), pair.remote().port(), terminatedAt, heldUntil, component);
            assertAllAnswered(pair.remote().port(), pair.local().port(), terminatedAt, heldUntil, component);
        }

        assertEquals(List.of(), aliceEvents.ofType(ConsentLost.class));
        assertEquals(List.of(), bobEvents.ofType(ConsentLost.class));
        assertEquals(IceState.COMPLETED, alice.state());
        assertEquals(IceState.COMPLETED, bob.state());
        byte[] rtcp = "RTCP still flows".getBytes();
        alice.media().send(2, rtcp, 0, rtcp.length);
        bob.media().send(2, rtcp, 0, rtcp.length);
    }

    private static Predicate<Message> request(int fromPort, int toPort, long after) {
        return m -> m.type() == StunTraffic.BINDING_REQUEST && m.fromPort() == fromPort && m.toPort() == toPort
                && m.atNanos() > after;
    }

    private void assertAllAnswered(int fromPort, int toPort, long from, long until, int component)
            throws InterruptedException {
        Set<String> checks = traffic.matching(request(fromPort, toPort, from).and(m -> m.atNanos() <= until))
                .stream().map(Message::transactionId).collect(Collectors.toSet());
        assertTrue(checks.size() >= 3, "consent checks on component " + component + ": " + checks.size());
        traffic.await(m -> m.type() == StunTraffic.BINDING_SUCCESS && m.fromPort() == toPort
                && m.toPort() == fromPort && checks.contains(m.transactionId()), checks.size(), DEADLINE,
                "answers to all " + checks.size() + " consent checks " + fromPort + " -> " + toPort
                        + " on component " + component);
    }
}

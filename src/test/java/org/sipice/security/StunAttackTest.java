package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Resources;

/**
 * A hostile peer that read the SIP (it knows both ufrags, not the passwords) attacks two of our
 * ICE sessions on loopback with checks and responses that are not authenticated: no
 * MESSAGE-INTEGRITY, a wrong one, forged transaction ids, USE-CANDIDATE from its own address,
 * PRIORITY 0 and 0xFFFFFFFF, before the checks, while they run and after completion. Nothing may
 * change the selected pairs or the roles, no media may reach it, and both sessions close and
 * give back their sockets. (Issue 11, defects 2 and 4; RFC 8445 §7.3, RFC 8489 §9.1.3-§9.1.4.)
 */
class StunAttackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String WRONG_KEY = "not-the-ice-pwd-of-anyone";
    private static final long PRIORITY = 1_862_270_975L; // a plausible peer-reflexive priority
    private static final int MEDIA_PACKETS = 50;

    private final EventRecorder aliceEvents = new EventRecorder();
    private final EventRecorder bobEvents = new EventRecorder();
    private IceSession alice;
    private IceSession bob;
    private StunAttacker attacker;

    @AfterEach
    void close() throws Exception {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
        if (attacker != null) {
            attacker.close();
        }
    }

    @Test
    void unauthenticatedChecksAndForgedResponsesBeforeDuringAndAfterTheChecksChangeNothing() throws Exception {
        int socketsBefore = Resources.udpSockets();
        attacker = StunAttacker.start();
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).rtcpMux(false).build();
        alice = IceSession.create(config, IceRole.CONTROLLING, aliceEvents);
        bob = IceSession.create(config, IceRole.CONTROLLED, bobEvents);
        LocalIce offer = await(alice.gather(), DEADLINE);
        LocalIce answer = await(bob.gather(), DEADLINE);
        Target atBob = new Target(host(answer, 1), answer.credentials().ufrag() + ":" + offer.credentials().ufrag());
        Target atAlice = new Target(host(offer, 1), offer.credentials().ufrag() + ":" + answer.credentials().ufrag());

        // Before the checks: Bob has sent his answer, nobody has started (ice4j queues such checks).
        int refused = 0;
        refused += attack(atBob, true);
        refused += attack(atAlice, false);
        // While the checks run.
        bob.start(IcePeers.remote(offer));
        alice.start(IcePeers.remote(answer));
        refused += attack(atBob, true);
        refused += attack(atAlice, false);
        await(bob.completion(), DEADLINE);
        await(alice.completion(), DEADLINE);
        // Right after completion (ice4j still answers every check for 3 s).
        refused += attack(atBob, true);
        refused += attack(atAlice, false);
        forgedResponses(atBob);
        forgedResponses(atAlice);

        int expected = refused;
        // Each check without MESSAGE-INTEGRITY has been answered (the victims have handled them).
        Eventually.atLeast(attacker::responsesReceived, expected, DEADLINE, () -> "responses to the attacker's checks");

        for (int component = 1; component <= 2; component++) {
            assertEquals(port(offer, component), bob.selectedPair(component).orElseThrow().remote().port(),
                    "Bob's selected pair on component " + component + " (the attacker is at " + attacker.port() + ")");
            assertEquals(port(answer, component), alice.selectedPair(component).orElseThrow().remote().port(),
                    "Alice's selected pair on component " + component + " (the attacker is at " + attacker.port()
                            + ")");
        }
        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(IceRole.CONTROLLED, bob.role());
        for (EventRecorder events : List.of(aliceEvents, bobEvents)) {
            assertEquals(List.of(), events.ofType(IceEvent.SelectedPairChanged.class));
            assertEquals(List.of(), events.ofType(IceEvent.RoleChanged.class));
        }
        assertTrue(bob.stats().remoteCandidates().stream().noneMatch(c -> c.port() == attacker.port()),
                "no candidate for the attacker: " + bob.stats().remoteCandidates());
        assertTrue(alice.stats().remoteCandidates().stream().noneMatch(c -> c.port() == attacker.port()),
                "no candidate for the attacker: " + alice.stats().remoteCandidates());

        SessionMedia.exchange(alice, bob, MEDIA_PACKETS, DEADLINE);
        assertEquals(0, attacker.mediaReceived(), "media packets that reached the attacker");
        // RFC 8489 §9.1.3: each was refused 400; none succeeded; no check was triggered toward the
        // attacker (it never became a peer-reflexive candidate).
        assertEquals(0, attacker.successesReceived(), "success responses to the attacker's checks");
        assertEquals(0, attacker.requestsReceived(), "checks triggered toward the attacker");
        assertTrue(attacker.errorResponses(400) >= expected, "400 responses: " + attacker.errorResponses(400));

        alice.close();
        bob.close();
        attacker.close();
        Eventually.atMost(Resources::udpSockets, socketsBefore, DEADLINE, () -> "UDP sockets after close");
    }

    /** Where the attacker aims: a victim's host candidate and the USERNAME the real peer would use. */
    record Target(InetSocketAddress address, String username) {
    }

    /**
     * The hostile checks: USE-CANDIDATE alone, with the winning role attribute, PRIORITY 0 and
     * 0xFFFFFFFF, all without MESSAGE-INTEGRITY; then two with a wrong one.
     *
     * @return how many carried no MESSAGE-INTEGRITY (each must be answered 400)
     */
    private int attack(Target target, boolean victimControlled) throws Exception {
        String user = target.username();
        long largest = StunAttacker.LARGEST_TIE_BREAKER;
        List<byte[]> unsigned = List.of(
                StunAttacker.check(user, PRIORITY).useCandidate().encode(),
                (victimControlled ? StunAttacker.check(user, PRIORITY).controlled(largest)
                        : StunAttacker.check(user, PRIORITY).controlling(largest)).useCandidate().encode(),
                StunAttacker.check(user, PRIORITY).controlling(largest).useCandidate().encode(),
                StunAttacker.check(user, 0).controlling(1).useCandidate().encode(),
                StunAttacker.check(user, 0xFFFFFFFFL).controlling(1).useCandidate().encode());
        for (byte[] check : unsigned) {
            attacker.send(target.address(), check);
        }
        attacker.send(target.address(), StunAttacker.check(user, PRIORITY).controlling(largest).useCandidate()
                .encode(WRONG_KEY));
        attacker.send(target.address(), StunAttacker.check(user, 0xFFFFFFFFL).useCandidate().encode(WRONG_KEY));
        return unsigned.size();
    }

    /** Success responses with transaction ids the victim never used, without and with a wrong key. */
    private void forgedResponses(Target target) throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(LOOPBACK, attacker.port());
        for (int i = 0; i < 3; i++) {
            attacker.send(target.address(), StunAttacker.success(StunAttacker.randomTransactionId(), mapped).encode());
            attacker.send(target.address(),
                    StunAttacker.success(StunAttacker.randomTransactionId(), mapped).encode(WRONG_KEY));
        }
    }

    static InetSocketAddress host(LocalIce local, int component) {
        return new InetSocketAddress(LOOPBACK, port(local, component));
    }

    static int port(LocalIce local, int component) {
        return local.candidates().stream().filter(c -> c.componentId() == component).map(IceCandidate::port)
                .findFirst().orElseThrow();
    }
}

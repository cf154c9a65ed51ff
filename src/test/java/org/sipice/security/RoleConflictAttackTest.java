package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceStats;
import org.sipice.ice.LocalIce;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.testing.CallMedia;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.TestUserAgent;

/**
 * Two sipice user agents in a call; about a second after ICE completed, an attacker that sniffed
 * the ufrags from the checks sends the caller (controlling) an ICE-CONTROLLING check with the
 * largest tie-breaker and USE-CANDIDATE, without MESSAGE-INTEGRITY and with a wrong one, and both
 * sides checks with PRIORITY 0 and 0xFFFFFFFF. The caller stays controlling on its pair, media
 * goes only to the callee, the reports name the pair media used, and the call ends and gives back
 * its sockets and threads. (Issue 11, defects 2, 3 and 4; RFC 8445 §7.3.1.1, RFC 8489 §9.1.3.)
 */
class RoleConflictAttackTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String WRONG_KEY = "not-the-ice-pwd-of-anyone";
    private static final long PRIORITY = 1_862_270_975L;

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final CallRecorder bobEvents = new CallRecorder(true);
    private final List<AutoCloseable> fixtures = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : fixtures) {
            c.close();
        }
    }

    @Test
    void afterCompletionAnUnauthenticatedRoleConflictAndOutOfRangePrioritiesChangeNothing() throws Exception {
        CheckSniffer sniffer = fixture(CheckSniffer.install());
        StunAttacker attacker = fixture(StunAttacker.start());
        TestUserAgent bobUa = fixture(TestUserAgent.start("bob", bobEvents));
        TestUserAgent aliceUa = fixture(TestUserAgent.start("alice", aliceEvents));
        CallResources baseline = CallResources.baseline();
        Call alice = aliceUa.ua().call(bobUa.uri());
        await(alice.established());
        await(alice.iceReady());
        Call bob = bobEvents.awaitIncoming(DEADLINE);
        await(bob.iceReady());
        CandidatePairInfo used = alice.selectedPair(1).orElseThrow();
        InetSocketAddress aliceAt = address(used.local().address(), used.local().port());
        InetSocketAddress bobAt = address(used.remote().address(), used.remote().port());
        String toAlice = sniffer.usernameTo(aliceAt.getPort(), DEADLINE);
        String toBob = sniffer.usernameTo(bobAt.getPort(), DEADLINE);

        long largest = StunAttacker.LARGEST_TIE_BREAKER;
        List<byte[]> unsigned = List.of(
                StunAttacker.check(toAlice, PRIORITY).controlling(largest).encode(),
                StunAttacker.check(toAlice, PRIORITY).controlling(largest).useCandidate().encode(),
                StunAttacker.check(toAlice, 0xFFFFFFFFL).controlling(largest).useCandidate().encode(),
                StunAttacker.check(toAlice, 0).controlling(largest).useCandidate().encode());
        for (byte[] check : unsigned) {
            attacker.send(aliceAt, check);
        }
        attacker.send(aliceAt, StunAttacker.check(toAlice, PRIORITY).controlling(largest).useCandidate()
                .encode(WRONG_KEY));
        List<byte[]> toBobUnsigned = List.of(
                StunAttacker.check(toBob, 0xFFFFFFFFL).controlled(largest).useCandidate().encode(),
                StunAttacker.check(toBob, 0).controlling(1).useCandidate().encode());
        for (byte[] check : toBobUnsigned) {
            attacker.send(bobAt, check);
        }

        // Each check without MESSAGE-INTEGRITY has been answered (the victims have handled them).
        Eventually.atLeast(attacker::responsesReceived, unsigned.size() + toBobUnsigned.size(), DEADLINE,
                () -> "responses to the attacker's checks");
        CallMedia.exchange(alice, bob, 50, DEADLINE);
        assertEquals(0, attacker.mediaReceived(), "media packets that reached the attacker");
        assertEquals(used, alice.selectedPair(1).orElseThrow());
        assertEquals(-1, aliceEvents.indexOf(e -> e instanceof CallEvent.Ice i
                && (i.event() instanceof IceEvent.RoleChanged || i.event() instanceof IceEvent.SelectedPairChanged)),
                "Alice's ICE events: no role change, no new selected pair");
        IceStats stats = alice.report().ice();
        assertEquals(IceRole.CONTROLLING, stats.role());
        assertTrue(stats.remoteCandidates().stream().noneMatch(c -> c.port() == attacker.port()),
                stats.remoteCandidates().toString());
        // RFC 8489 §9.1.3: each was refused 400; none succeeded; no check went to the attacker.
        assertEquals(0, attacker.successesReceived(), "success responses to the attacker's checks");
        assertEquals(0, attacker.requestsReceived(), "checks triggered toward the attacker");
        assertTrue(attacker.errorResponses(400) >= unsigned.size() + toBobUnsigned.size(),
                "400 responses: " + attacker.errorResponses(400));

        alice.hangup();
        await(alice.ended());
        await(bob.ended());
        // The report of the ended call still names the pair that carried the media.
        IceStats last = alice.report().ice();
        assertEquals(1, last.selectedPairs().stream().filter(p -> p.componentId() == 1).count());
        assertTrue(last.selectedPairs().stream().filter(p -> p.componentId() == 1).allMatch(p -> p.packetsSent() >= 50),
                last.selectedPairs().toString());
        baseline.assertReleased();
    }

    @Test
    void afterCompletionEvenAnAuthenticatedRoleConflictFromAnotherAddressChangesNothing() throws Exception {
        // This attacker knows Alice's ice-pwd (as the real peer, or anyone who read the SDP in
        // clear, would): its checks verify. After completion only the selected pair's own 5-tuple
        // still reaches ICE (RFC 8445 §8.3); a new address takes an ICE restart (§9).
        StunAttacker attacker = fixture(StunAttacker.start());
        EventRecorder aliceIce = new EventRecorder();
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true).build();
        IceSession alice = IceSession.create(config, IceRole.CONTROLLING, aliceIce);
        fixtures.add(alice::close);
        IceSession bob = IceSession.create(config, IceRole.CONTROLLED, new EventRecorder());
        fixtures.add(bob::close);
        LocalIce aliceLocal = await(alice.gather());
        LocalIce bobLocal = await(bob.gather());
        bob.start(IcePeers.remote(aliceLocal));
        alice.start(IcePeers.remote(bobLocal));
        await(bob.completion());
        await(alice.completion());
        CandidatePairInfo used = alice.selectedPair(1).orElseThrow();
        String username = aliceLocal.credentials().ufrag() + ":" + bobLocal.credentials().ufrag();
        InetSocketAddress aliceAt = address(used.local().address(), used.local().port());

        attacker.send(aliceAt, StunAttacker.check(username, PRIORITY).controlling(StunAttacker.LARGEST_TIE_BREAKER)
                .useCandidate().encode(aliceLocal.credentials().pwd()));
        attacker.send(aliceAt, StunAttacker.check(username, PRIORITY).controlling(StunAttacker.LARGEST_TIE_BREAKER)
                .encode(aliceLocal.credentials().pwd()));
        // Sent last, answered 400 whatever the state: by then Alice has handled the two above.
        attacker.send(aliceAt, StunAttacker.check(username, PRIORITY).encode());
        Eventually.atLeast(() -> attacker.errorResponses(400), 1, DEADLINE, () -> "400 to the unsigned check");

        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(List.of(), aliceIce.ofType(IceEvent.RoleChanged.class));
        assertEquals(List.of(), aliceIce.ofType(IceEvent.SelectedPairChanged.class));
        assertEquals(used, alice.selectedPair(1).orElseThrow());
        assertEquals(0, attacker.requestsReceived(), "checks triggered toward the attacker");
        assertEquals(0, attacker.successesReceived(), "success responses to the attacker");
    }

    private static InetSocketAddress address(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private <T extends AutoCloseable> T fixture(T c) {
        fixtures.add(c);
        return c;
    }
}

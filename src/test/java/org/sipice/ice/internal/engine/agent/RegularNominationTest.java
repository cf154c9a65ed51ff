package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/**
 * Regular nomination picks the best valid pair, not the first (RFC 8445 §8.1.1): Alice has a host
 * and a relayed candidate, Bob a host one. The relayed pair always validates within one round
 * trip; the direct path loses its first packets, or everything.
 */
class RegularNominationTest {
    static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress ALICE_RELAYED = new InetSocketAddress("198.51.100.1", 50000);
    static final InetSocketAddress BOB = new InetSocketAddress("10.0.0.2", 6000);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    private AgentPeer[] call(AcceptanceWaits waits, boolean withHost) {
        AgentPeer alice = new AgentPeer("alice", time,
                AgentPeer.settings("alice", IceRole.CONTROLLING, NominationMode.REGULAR, 2, 1), waits);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        if (withHost) {
            alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        }
        alice.addCandidate(net, CandidateType.RELAY, 1, ALICE_RELAYED, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB, 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(20)));
        return new AgentPeer[] {alice, bob};
    }

    /** The direct path drops everything sent before {@code until} of fake time (a NAT not yet open). */
    private void directPathLosesUntil(Duration until) {
        long openAt = time.nanoTime() + until.toNanos();
        net.filter((from, to) -> !(from.equals(ALICE) || to.equals(ALICE)) || time.nanoTime() >= openAt);
    }

    @Test
    void aRelayedPairValidatedFirstDoesNotWinOverADirectPairThatSucceedsLater() {
        directPathLosesUntil(Duration.ofMillis(250));

        AgentPeer[] peers = call(AcceptanceWaits.DEFAULT, true);
        AgentPeer alice = peers[0];
        AgentPeer bob = peers[1];

        // 30 ms: the relayed pair is valid, but the host pair can still succeed and a relayed
        // pair waits 2 s for it. 300 ms: the host check's second retransmission gets through;
        // 310: the host pair is valid and, with no wait, nominated; selected at 330.
        List<CandidatePairInfo> validated = alice.ofType(IceEvent.PairValidated.class).stream()
                .map(IceEvent.PairValidated::pair).toList();
        assertEquals(List.of("relay/udp-host/udp", "host/udp-host/udp"),
                validated.stream().map(CandidatePairInfo::typeSummary).toList());
        assertEquals(List.of("host/udp-host/udp"), alice.ofType(IceEvent.PairNominated.class).stream()
                .map(e -> e.pair().typeSummary()).toList());
        assertEquals("10.0.0.1:5000 -> 10.0.0.2:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals("10.0.0.2:6000 -> 10.0.0.1:5000", bob.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals(Duration.ofMillis(320), alice.ofType(IceEvent.Completed.class).get(0).took());
    }

    @Test
    void withoutAnAcceptanceWaitTheFirstValidRelayedPairWouldWin() {
        // The control case: the same call, relay accepted at once, ends relayed.
        directPathLosesUntil(Duration.ofMillis(250));
        AcceptanceWaits none = new AcceptanceWaits(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        AgentPeer alice = call(none, true)[0];

        assertEquals("relay/udp-host/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
    }

    @Test
    void whenTheDirectPathNeverWorksTheRelayedPairIsNominatedWhenItsWaitEnds() {
        directPathLosesUntil(Duration.ofHours(1));

        AgentPeer alice = call(AcceptanceWaits.DEFAULT, true)[0];

        // Validated at 30 ms; the host pair is still retransmitting (it fails at 7.9 s), so the
        // relayed pair is nominated when its 2 s wait ends, and selected one round trip later.
        assertEquals("relay/udp-host/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
        assertEquals(Duration.ofMillis(2010), alice.ofType(IceEvent.Completed.class).get(0).took());
        // RFC 8445 §8.1.2: the host check, still retransmitting at 2 s, ceased then: cancelled, not
        // failed (nothing answered it, but it did not time out either).
        assertEquals(List.of("host cancelled", "relay succeeded"), alice.agent.stats().pairs().stream()
                .map(p -> p.local().type().sdpName() + " " + p.state()).toList());
    }

    @Test
    void aRelayedPairWithNothingBetterLeftToTryIsNominatedAtOnce() {
        AgentPeer alice = call(AcceptanceWaits.DEFAULT, false)[0];

        // No higher-priority pair can still succeed: no wait. Checked at 0, valid at 10,
        // nominated at the next Ta (20), selected at 30.
        assertEquals("relay/udp-host/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
        assertEquals(Duration.ofMillis(30), alice.ofType(IceEvent.Completed.class).get(0).took());
    }
}

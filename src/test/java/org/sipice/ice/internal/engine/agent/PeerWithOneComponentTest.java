package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/**
 * Alice offers rtcp-mux and signals component 1 only; Bob answers without rtcp-mux and has two
 * components. Bob's component 2 has no candidate of the peer's to pair with: the call runs on
 * component 1 (RFC 5761 §5.1.3), and Bob completes when Alice does instead of failing at the
 * checks timeout with "1 of 2 components selected". A peer that signals no candidate at all
 * still leaves every component waiting for peer-reflexive pairs.
 */
class PeerWithOneComponentTest {
    private static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress BOB_RTP = new InetSocketAddress("10.0.0.2", 6000);
    private static final InetSocketAddress BOB_RTCP = new InetSocketAddress("10.0.0.2", 6001);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    @Test
    void bobWithTwoComponentsCompletesOnComponentOneWhenAliceSignalsOnlyThatOne() {
        AgentPeer alice = new AgentPeer("alice", time,
                AgentPeer.settings("alice", IceRole.CONTROLLING, NominationMode.REGULAR, 2, 1), AcceptanceWaits.DEFAULT);
        AgentPeer bob = new AgentPeer("bob", time,
                AgentPeer.settings("bob", IceRole.CONTROLLED, NominationMode.REGULAR, 1, 2), AcceptanceWaits.DEFAULT);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB_RTP, 65535);
        bob.addCandidate(net, CandidateType.HOST, 2, BOB_RTCP, 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());

        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)),
                () -> "alice " + alice.eventNames() + ", bob " + bob.eventNames());
        assertEquals(List.of("ChecksStarted", "NominationModeChosen", "PeerCheckReceived", "PairValidated",
                "PairNominated", "PairSelected", "Completed"), bob.eventNames());
        IceEvent.Completed completed = bob.ofType(IceEvent.Completed.class).get(0);
        assertEquals(List.of("10.0.0.2:6000 -> 10.0.0.1:5000"),
                completed.selectedPairs().stream().map(p -> p.addressSummary()).toList());
        assertTrue(completed.took().compareTo(Duration.ofMillis(100)) < 0, completed::toString);
        assertTrue(bob.agent.selectedPair(2).isEmpty());
    }

    @Test
    void aPeerWithoutAnyCandidateLeavesEveryComponentWaitingForPeerReflexivePairs() {
        AgentPeer bob = new AgentPeer("bob", time,
                AgentPeer.settings("bob", IceRole.CONTROLLED, NominationMode.REGULAR, 1, 2), AcceptanceWaits.DEFAULT);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB_RTP, 65535);
        bob.addCandidate(net, CandidateType.HOST, 2, BOB_RTCP, 65535);
        AgentPeer alice = new AgentPeer("alice", time,
                AgentPeer.settings("alice", IceRole.CONTROLLING, NominationMode.REGULAR, 2, 1), AcceptanceWaits.DEFAULT);
        bob.agent.start(alice.asRemote());

        assertTrue(time.advanceUntil(bob::finished, Duration.ofSeconds(31)));
        assertEquals("ICE checks timed out after 30000 ms: 0 of 2 components selected, 0 valid of 0 pairs",
                bob.ofType(IceEvent.Failed.class).get(0).reason());
    }
}

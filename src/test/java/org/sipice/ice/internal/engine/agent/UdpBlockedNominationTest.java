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
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.sdp.CandidateType;

/**
 * Alice's router drops UDP (issue 13): her host candidate reaches only her own LAN 10.210.1.0/24,
 * her relayed candidate reaches every public address (its UDP leg starts at the TURN server). Bob
 * has a host candidate, public or on her LAN. Regular nomination (RFC 8445 §8.1.1) with Pion's acceptance waits: a relayed pair
 * waits 2 s while a pair above it can still succeed ({@link AcceptanceWaits}). When Alice knows
 * UDP is blocked, the host pair toward Bob's off-LAN address is not formed ({@link UdpBlockedPruning})
 * and the relayed pair needs no wait; when she does not know, nothing changes.
 */
class UdpBlockedNominationTest {
    static final InetSocketAddress ALICE = new InetSocketAddress("10.210.1.2", 5000);
    static final InetSocketAddress ALICE_RELAYED = new InetSocketAddress("198.51.100.1", 50000);
    static final InetSocketAddress BOB_OFF_LAN = new InetSocketAddress("203.0.113.12", 6000);
    static final InetSocketAddress BOB_ON_LAN = new InetSocketAddress("10.210.1.3", 6000);
    private static final LocalNetworks ALICES_LAN = AgentPeer.onlyOnLink("10.210.1.");

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    private AgentPeer call(boolean aliceKnowsUdpBlocked, InetSocketAddress bobHost) {
        AgentSettings s = AgentPeer.settings("alice", IceRole.CONTROLLING, NominationMode.REGULAR, 2, 1);
        AgentSettings settings = new AgentSettings(s.role(), s.tieBreaker(), s.local(), s.components(), s.ta(),
                s.nomination(), s.checksTimeout(), s.consentInterval(), s.consentTimeout(), s.keepaliveInterval(),
                s.relayOnly(), aliceKnowsUdpBlocked);
        AgentPeer alice = new AgentPeer("alice", time, settings, AcceptanceWaits.DEFAULT, ALICES_LAN);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        alice.addCandidate(net, CandidateType.RELAY, 1, ALICE_RELAYED, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, bobHost, 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(20)));
        return alice;
    }

    /** Alice's router: her host address sends and receives UDP on her LAN only. */
    private void aliceRouterDropsUdp() {
        net.filter((from, to) -> !(from.equals(ALICE) || to.equals(ALICE))
                || from.getHostString().startsWith("10.210.1.") && to.getHostString().startsWith("10.210.1."));
    }

    private static int pairsFormed(AgentPeer peer) {
        return peer.ofType(IceEvent.ChecksStarted.class).get(0).pairCount();
    }

    private static Duration took(AgentPeer peer) {
        return peer.ofType(IceEvent.Completed.class).get(0).took();
    }

    @Test
    void udpKnownBlockedTheRelayedPairIsNominatedWithoutTheAcceptanceWait() {
        aliceRouterDropsUdp();

        AgentPeer alice = call(true, BOB_OFF_LAN);

        // Alice                                  Bob 203.0.113.12
        //   | relay check ------------------------>|  0 ms (the host pair was never formed)
        //   |<----------------------- success -----| 10: valid, nothing above it can succeed
        //   | relay check USE-CANDIDATE ---------->| 20 (next Ta)
        //   |<----------------------- success -----| 30: selected
        assertEquals(1, pairsFormed(alice));
        assertEquals(List.of("relay"), alice.agent.stats().pairs().stream()
                .map(p -> p.local().type().sdpName()).toList());
        assertEquals("relay/udp-host/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
        assertEquals(Duration.ofMillis(30), took(alice));
    }

    @Test
    void udpBlockedButNotKnownTheRelayedPairSitsOutItsTwoSecondWait() {
        // The control case: the same network, Alice not told: the host pair's check retransmits
        // unanswered above the relayed pair, which is nominated when its 2 s wait ends.
        aliceRouterDropsUdp();

        AgentPeer alice = call(false, BOB_OFF_LAN);

        assertEquals("relay/udp-host/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
        assertEquals(Duration.ofMillis(2010), took(alice));
    }

    @Test
    void udpKnownBlockedAPeerOnTheSameLanIsStillReachedDirectly() {
        aliceRouterDropsUdp();

        AgentPeer alice = call(true, BOB_ON_LAN);

        // The host pair toward 10.210.1.3 stays in the list (no router on the way); the relayed
        // one toward it goes (a TURN server on the Internet cannot reach a private address).
        assertEquals(1, pairsFormed(alice));
        assertEquals("10.210.1.2:5000 -> 10.210.1.3:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
    }

    @Test
    void udpNotBlockedADirectPairOffTheLanStillBeatsTheRelay() {
        // Normal egress: the host pair toward Bob's address off Alice's LAN is formed and works
        // (a routed path); it is nominated, the relayed pair valid before it notwithstanding.
        AgentPeer alice = call(false, BOB_OFF_LAN);

        assertEquals(2, pairsFormed(alice));
        assertEquals("10.210.1.2:5000 -> 203.0.113.12:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
    }
}

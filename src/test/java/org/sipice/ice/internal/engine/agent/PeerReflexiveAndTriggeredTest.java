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
import org.sipice.sdp.IceCandidate;

/**
 * Peer-reflexive candidates (RFC 8445 §7.2.5.3.1, §7.3.1.3), triggered checks (§7.3.1.4) and
 * checks that come before the answer; and a better pair nominated late under aggressive
 * nomination (RFC 5245 §8.1.1.2).
 */
class PeerReflexiveAndTriggeredTest {
    static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress BOB_PRIVATE = new InetSocketAddress("192.168.1.2", 6000);
    static final InetSocketAddress BOB_PUBLIC = new InetSocketAddress("203.0.113.7", 40000);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    @Test
    void bobBehindANatIsLearntAsPeerReflexiveOnBothSidesWithoutWaitingForHisHostCandidate() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        LocalCandidate bobHost = bob.addCandidate(new NatPort(net, BOB_PRIVATE, BOB_PUBLIC, bob::onPacket),
                CandidateType.HOST, 1, 65535);

        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));

        // 5 ms: Bob's check reaches Alice from his public address: a peer-reflexive candidate with
        // the PRIORITY it carried; 20: her triggered check; 30: valid. Her check to his private
        // address went unanswered for twice that round trip: nominated at once (not after the
        // 1 s peer-reflexive wait); 40: USE-CANDIDATE; 45 Bob, 50 Alice selected.
        CandidatePairInfo selected = alice.agent.selectedPair(1).orElseThrow();
        assertEquals("host/udp-prflx/udp", selected.typeSummary());
        assertEquals("10.0.0.1:5000 -> 203.0.113.7:40000", selected.addressSummary());
        assertEquals(Checks.peerReflexivePriority(bobHost.candidate()), selected.remote().priority());
        assertEquals(Duration.ofMillis(50), alice.ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(45), bob.ofType(IceEvent.Completed.class).get(0).took());

        // Bob's check was answered with his public address: a local peer-reflexive candidate.
        IceCandidate learnt = bob.agent.stats().localCandidates().get(1);
        assertEquals("prflx 203.0.113.7:40000 raddr 192.168.1.2:6000", learnt.type().sdpName() + " "
                + learnt.address() + ":" + learnt.port() + " raddr " + learnt.relatedAddress() + ":" + learnt.relatedPort());
        assertEquals(Checks.peerReflexivePriority(bobHost.candidate()), learnt.priority());
        assertEquals("10.0.0.1:5000 -> 203.0.113.7:40000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals(2, alice.agent.stats().remoteCandidates().size());

        // His stats name the selected pair's local candidate as his events do: the peer-reflexive
        // one the response mapped (RFC 8445 §7.2.5.3.2), not the host base the checks left from.
        AgentSnapshot.Pair bobSelected = bob.agent.stats().pairs().stream().filter(AgentSnapshot.Pair::selected)
                .findFirst().orElseThrow();
        assertEquals(bob.agent.selectedPair(1).orElseThrow().local(), bobSelected.local());
        assertEquals(CandidateType.PRFLX, bobSelected.local().type());
    }

    /**
     * The NAT lab's shape: RTT 50 ms; Bob behind a NAT signals host and server-reflexive
     * candidates for RTP and RTCP; Alice (controlling) is on a public address.
     */
    private AgentPeer[] callThroughNat(NominationMode mode) {
        return callThroughNat(mode, CheckList.NOTHING_KNOWN);
    }

    /** @param aliceNetworks what Alice knows of her links (Bob's private address is on none of them) */
    private AgentPeer[] callThroughNat(NominationMode mode, LocalNetworks aliceNetworks) {
        net.latency(Duration.ofMillis(25));
        AgentPeer alice = new AgentPeer("alice", time,
                AgentPeer.settings("alice", IceRole.CONTROLLING, mode, 2, 2), AcceptanceWaits.DEFAULT, aliceNetworks);
        AgentPeer bob = new AgentPeer("bob", time,
                AgentPeer.settings("bob", IceRole.CONTROLLED, mode, 1, 2), AcceptanceWaits.DEFAULT);
        for (int component = 1; component <= 2; component++) {
            alice.addCandidate(net, CandidateType.HOST, component, new InetSocketAddress("198.51.100.10", 4999 + component),
                    65535);
            InetSocketAddress inside = new InetSocketAddress("192.168.1.2", 5999 + component);
            InetSocketAddress outside = new InetSocketAddress("203.0.113.7", 39999 + component);
            LocalCandidate host = bob.addCandidate(new NatPort(net, inside, outside, bob::onPacket), CandidateType.HOST,
                    component, 65535);
            IceCandidate srflx = IceCandidate.builder().foundation("srflx2030113").componentId(component)
                    .priority(AgentPeer.priority(CandidateType.SRFLX, 65535, component)).address("203.0.113.7")
                    .port(outside.getPort()).type(CandidateType.SRFLX).related("192.168.1.2", inside.getPort()).build();
            LocalCandidate reflexive = new LocalCandidate(srflx, host.port(), inside);
            bob.candidates.add(reflexive);
            bob.agent.addLocal(reflexive);
        }
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));
        assertEquals(List.of("host/udp-srflx/udp", "host/udp-srflx/udp"), alice.ofType(IceEvent.Completed.class).get(0)
                .selectedPairs().stream().map(CandidatePairInfo::typeSummary).toList());
        return new AgentPeer[] {alice, bob};
    }

    @Test
    void twoComponentsThroughANatNeitherWaitsForTheHostPairsThatCannotSucceed() {
        AgentPeer[] peers = callThroughNat(NominationMode.REGULAR);

        // Alice: 0 ms host check of RTP toward Bob's private address (lost); 20 the srflx one,
        // valid at 70; the host pair, unanswered for two round trips, is given up at 100:
        // nomination at 100. RTCP's srflx pair, unfrozen at 70, is valid at 120; its host pair is
        // frozen behind RTP's, given up already: nomination at 120, selected at 170 (3.4 RTT).
        // Without giving up, both would have waited for the 500 ms server-reflexive wait.
        assertEquals(Duration.ofMillis(170), peers[0].ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(145), peers[1].ofType(IceEvent.Completed.class).get(0).took());
    }

    @Test
    void aggressiveThroughTheSameNatCompletesWhenRtcpsFirstCheckReturns() {
        AgentPeer[] peers = callThroughNat(NominationMode.AGGRESSIVE);

        // 0 ms RTP's host check (lost), which unfreezes RTCP's (20 ms, lost too); 25 Bob's srflx
        // checks arrive: RTP's triggered check at 40 unfreezes RTCP's srflx pair, checked at 60:
        // valid at 90 and 110. (Frozen until RTP's succeeded, RTCP's went at 90: 140.)
        assertEquals(Duration.ofMillis(110), peers[0].ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(85), peers[1].ofType(IceEvent.Completed.class).get(0).took());
    }

    @Test
    void knowingBobsHostAddressIsOnNoneOfHerLinksAliceChecksHisServerReflexivePairsFirst() {
        AgentPeer[] peers = callThroughNat(NominationMode.REGULAR, AgentPeer.onlyOnLink("198.51.100."));

        // CheckOrder: Bob signals a server-reflexive candidate and his host address is not on
        // Alice's link: her host pairs toward it go after the srflx pairs. 0 ms RTP's srflx check,
        // 20 RTCP's (unfrozen when RTP's left); valid at 50 and 70, each nominated at once (the
        // host pairs do not hold a direct pair back): USE-CANDIDATE at 60 and 80, selected at 130.
        assertEquals(List.of("srflx", "srflx", "host", "host"), firstChecksOfAlice(peers[0], 4));
        assertEquals(Duration.ofMillis(130), peers[0].ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(105), peers[1].ofType(IceEvent.Completed.class).get(0).took());
    }

    @Test
    void aggressiveWithTheServerReflexivePairsFirstCompletesInTwoRoundTrips() {
        AgentPeer[] peers = callThroughNat(NominationMode.AGGRESSIVE, AgentPeer.onlyOnLink("198.51.100."));

        // RTP's srflx check with USE-CANDIDATE at 0, RTCP's at 20: selected at 50 and 70. Bob's
        // own checks left at 0 and 20 (RTCP's no longer frozen behind RTP's): valid at 50 and 70,
        // where his nominated pairs are selected.
        assertEquals(Duration.ofMillis(70), peers[0].ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(70), peers[1].ofType(IceEvent.Completed.class).get(0).took());
    }

    /** The type of Bob's candidate each of Alice's first {@code n} new checks went to. */
    private List<String> firstChecksOfAlice(AgentPeer alice, int n) {
        List<String> types = new java.util.ArrayList<>();
        java.util.Set<InetSocketAddress> seen = new java.util.HashSet<>();
        for (org.sipice.ice.internal.engine.net.FakeNetwork.Datagram d : net.sent()) {
            if (d.from().getAddress().getHostAddress().equals("198.51.100.10") && seen.add(d.to())
                    && types.size() < n) {
                types.add(d.to().getAddress().getHostAddress().startsWith("192.168.") ? "host" : "srflx");
            }
        }
        return types;
    }

    @Test
    void aCheckBeforeTheAnswerBecomesTheFirstTriggeredCheck() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.3", 6000), 60000);
        net.filter((from, to) -> !from.getAddress().getHostAddress().equals("10.0.0.2")
                && !to.getAddress().getHostAddress().equals("10.0.0.2"));

        // Bob answers and checks at once; Alice reads his answer 100 ms later.
        bob.agent.start(alice.asRemote());
        time.advance(Duration.ofMillis(100));
        assertEquals(List.of(new IceEvent.PeerCheckReceived()), alice.events);
        int before = net.sent().size();
        alice.agent.start(bob.asRemote());

        // Her first check goes to where his check came from (RFC 8445 §7.3.1.4), although the
        // pair toward 10.0.0.2 has the higher priority.
        FakeNetwork.Datagram first = net.sent().get(before);
        assertEquals(ALICE, first.from());
        assertEquals(new InetSocketAddress("10.0.0.3", 6000), first.to());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));
        assertEquals("10.0.0.1:5000 -> 10.0.0.3:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals(List.of("PeerCheckReceived", "ChecksStarted", "NominationModeChosen", "PairValidated",
                "PairNominated", "PairSelected", "Completed"), alice.eventNames());
    }

    @Test
    void underAggressiveNominationABetterPairValidatedLaterReplacesTheSelectedOneOnBothSides() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.AGGRESSIVE, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.AGGRESSIVE, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.3", 6000), 60000);
        long openAt = time.nanoTime() + Duration.ofMillis(250).toNanos();
        net.filter((from, to) -> time.nanoTime() >= openAt || !(from.getAddress().getHostAddress().equals("10.0.0.2")
                || to.getAddress().getHostAddress().equals("10.0.0.2")));

        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofSeconds(2));

        // 30 ms: the lower pair is nominated and selected (Completed); 310 ms: the better pair's
        // retransmitted check succeeds, nominated too: both move to it.
        assertEquals(Duration.ofMillis(30), alice.ofType(IceEvent.Completed.class).get(0).took());
        List<IceEvent.SelectedPairChanged> changes = alice.ofType(IceEvent.SelectedPairChanged.class);
        assertEquals(1, changes.size());
        assertEquals("10.0.0.1:5000 -> 10.0.0.3:6000", changes.get(0).previous().addressSummary());
        assertEquals("10.0.0.1:5000 -> 10.0.0.2:6000", changes.get(0).selected().addressSummary());
        assertEquals("10.0.0.2:6000 -> 10.0.0.1:5000", bob.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals(1, bob.ofType(IceEvent.SelectedPairChanged.class).size());
    }
}

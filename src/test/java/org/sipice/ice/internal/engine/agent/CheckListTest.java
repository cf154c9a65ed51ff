package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/** Forming the check list (RFC 8445 §6.1.2) and choosing the next check (§6.1.4.2). */
class CheckListTest {
    private final FakeNetwork net = new FakeNetwork(new FakeScheduler());

    @Test
    void pairPriorityFollowsTheFormulaAndDependsOnTheRole() {
        // RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0).
        assertEquals((5L << 32) + 2 * 7 + 0, PairPriority.of(5, 7));
        assertEquals((5L << 32) + 2 * 7 + 1, PairPriority.of(7, 5));
        assertEquals(PairPriority.of(7, 5), PairPriority.of(IceRole.CONTROLLING, 7, 5));
        assertEquals(PairPriority.of(5, 7), PairPriority.of(IceRole.CONTROLLED, 7, 5));
        long max = IceCandidate.MAX_PRIORITY;
        assertEquals((max << 32) + 2 * max, PairPriority.of(max, max)); // no overflow at the top
    }

    @Test
    void pairsAreFormedPerComponentAndAddressFamilyHighestFirst() {
        LocalCandidate v4c1 = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate v4c2 = local(CandidateType.HOST, 2, "10.0.0.1", 5001, 65535);
        LocalCandidate v6c1 = local(CandidateType.HOST, 1, "2001:db8::1", 5002, 65000);
        List<IceCandidate> remotes = List.of(remote("r4", CandidateType.HOST, 1, "10.0.0.2", 6000),
                remote("r4", CandidateType.HOST, 2, "10.0.0.2", 6001),
                remote("r6", CandidateType.HOST, 1, "2001:db8::2", 6002),
                remote("rh", CandidateType.HOST, 1, "peer.example.com", 6003), // RFC 8839 §5.1: ignored
                remote("rt", CandidateType.HOST, 1, "10.0.0.2", 0)); // port 0: nothing to check

        CheckList list = CheckList.form(List.of(v4c1, v4c2, v6c1), remotes, IceRole.CONTROLLING, false);

        // One list for all components, by pair priority (the IPv6 candidate has a lower local preference).
        assertEquals(List.of("1 10.0.0.1:5000 -> 10.0.0.2:6000", "2 10.0.0.1:5001 -> 10.0.0.2:6001",
                "1 [2001:db8::1]:5002 -> [2001:db8::2]:6002"), describe(list));
    }

    @Test
    void aDualAllocationsTwoRelaysPairEachWithItsOwnFamilyIpv6First() {
        // RFC 8656 §7.3: one allocation, two relayed addresses; RFC 8421 §4: the IPv6 one ranks first.
        LocalCandidate relay6 = local(CandidateType.RELAY, 1, "2001:db8::7", 50002, 65535);
        LocalCandidate relay4 = local(CandidateType.RELAY, 1, "192.0.2.7", 50000, 65534);
        List<IceCandidate> remotes = List.of(remote("r4", CandidateType.HOST, 1, "198.51.100.2", 6000),
                remote("r6", CandidateType.HOST, 1, "2001:db8::2", 6002));

        CheckList list = CheckList.form(List.of(relay6, relay4), remotes, IceRole.CONTROLLING, false);

        // RFC 8445 §6.1.2.2: no IPv6 relay toward an IPv4 host, nor the other way round.
        assertEquals(List.of("1 [2001:db8::7]:50002 -> [2001:db8::2]:6002", "1 192.0.2.7:50000 -> 198.51.100.2:6000"),
                describe(list));
    }

    @Test
    void aServerReflexiveCandidateIsReplacedByItsBaseAndTheRedundantPairPruned() {
        LocalCandidate host = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        IceCandidate srflxCandidate = IceCandidate.builder().foundation("srflx1").componentId(1)
                .priority(AgentPeer.priority(CandidateType.SRFLX, 65535, 1)).address("203.0.113.1").port(40000)
                .type(CandidateType.SRFLX).related("10.0.0.1", 5000).build();
        LocalCandidate srflx = new LocalCandidate(srflxCandidate, host.port(), host.base());

        CheckList list = CheckList.form(List.of(host, srflx), List.of(remote("r", CandidateType.HOST, 1, "10.0.0.2", 6000)),
                IceRole.CONTROLLING, false);

        // RFC 8445 §6.1.2.4: (srflx, r) became (host, r), the same as the host pair: one pair left.
        assertEquals(1, list.pairs().size());
        assertSame(host, list.pairs().get(0).local());
    }

    @Test
    void aCheckListKeepsTheHundredHighestPriorityPairs() {
        LocalCandidate host = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        List<IceCandidate> remotes = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            remotes.add(IceCandidate.builder().foundation("f" + i).componentId(1).priority(i * 1000L)
                    .address("10.0.1." + i).port(7000).type(CandidateType.HOST).build());
        }

        CheckList list = CheckList.form(List.of(host), remotes, IceRole.CONTROLLING, false);

        // RFC 8445 §6.1.2.5: 100 pairs; the 20 lowest-priority ones went.
        assertEquals(CheckList.MAX_PAIRS, list.pairs().size());
        assertEquals("10.0.1.21", list.pairs().get(99).remote().address());
    }

    @Test
    void oneWaitingPairPerFoundationLowestComponentFirstAndSuccessUnfreezesAcrossComponents() {
        LocalCandidate c1 = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate c2 = local(CandidateType.HOST, 2, "10.0.0.1", 5001, 65535);
        List<IceCandidate> remotes = List.of(remote("a", CandidateType.HOST, 1, "10.0.0.2", 6000),
                remote("a", CandidateType.HOST, 2, "10.0.0.2", 6001),
                remote("b", CandidateType.HOST, 1, "10.0.0.3", 6000),
                remote("b", CandidateType.HOST, 2, "10.0.0.3", 6001));
        CheckList list = CheckList.form(List.of(c1, c2), remotes, IceRole.CONTROLLING, false);

        // RFC 8445 §6.1.2.6: per foundation, component 1's pair Waiting, component 2's Frozen.
        assertEquals(List.of("1 10.0.0.1:5000 -> 10.0.0.2:6000 waiting", "1 10.0.0.1:5000 -> 10.0.0.3:6000 waiting",
                "2 10.0.0.1:5001 -> 10.0.0.2:6001 frozen", "2 10.0.0.1:5001 -> 10.0.0.3:6001 frozen"),
                describeWithState(list));

        // RFC 8445 §6.1.4.2: the highest-priority Waiting pair is checked first.
        CandidatePair first = list.next();
        assertEquals("10.0.0.2", first.remote().address());
        first.state(PairState.SUCCEEDED);
        // RFC 8445 §7.2.5.3.3: its success unfreezes component 2's pair of the same foundation.
        list.unfreeze(first.foundation());
        assertEquals("waiting", list.pairs().stream().filter(p -> p.componentId() == 2
                && p.remote().address().equals("10.0.0.2")).findFirst().orElseThrow().state().statsName());
    }

    @Test
    void theTriggeredQueueGoesFirstThenWaitingThenAFrozenPairOfAnIdleFoundation() {
        LocalCandidate c1 = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate c1b = local(CandidateType.HOST, 1, "10.0.0.1", 5002, 65000);
        List<IceCandidate> remotes = List.of(remote("a", CandidateType.HOST, 1, "10.0.0.2", 6000),
                remote("b", CandidateType.RELAY, 1, "10.0.0.3", 6000));
        CheckList list = CheckList.form(List.of(c1, c1b), remotes, IceRole.CONTROLLING, false);
        CandidatePair relay = list.pairs().stream().filter(p -> p.remote().type() == CandidateType.RELAY
                && p.port() == c1.port()).findFirst().orElseThrow();

        list.trigger(relay);
        assertSame(relay, list.next());
        relay.state(PairState.IN_PROGRESS);
        CandidatePair first = list.next();
        assertSame(c1.port(), first.port());
        assertEquals("10.0.0.2", first.remote().address());
        first.state(PairState.IN_PROGRESS);
        // The other port's pairs share the foundations of In-Progress pairs: they stay Frozen.
        assertNull(list.next());
        first.state(PairState.FAILED);
        CandidatePair second = list.next();
        assertSame(c1b.port(), second.port());
        assertEquals("10.0.0.2", second.remote().address());
        assertEquals(PairState.WAITING, second.state());
    }

    @Test
    void aComponentsFrozenPairIsUnfrozenWhenTheFirstCheckOfItsFoundationLeavesNotWhenItSucceeds() {
        LocalCandidate c1 = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate c2 = local(CandidateType.HOST, 2, "10.0.0.1", 5001, 65535);
        List<IceCandidate> remotes = List.of(remote("a", CandidateType.HOST, 1, "10.0.0.2", 6000),
                remote("a", CandidateType.HOST, 2, "10.0.0.2", 6001),
                remote("b", CandidateType.RELAY, 1, "10.0.0.3", 6000));
        CheckList list = CheckList.form(List.of(c1, c2), remotes, IceRole.CONTROLLING, false);

        CandidatePair hostC1 = list.next();
        assertEquals(1, hostC1.componentId());
        hostC1.state(PairState.IN_PROGRESS);
        // RFC 8445 §6.1.2.6 froze component 2's pair behind it; its check has left: component 2's
        // pair is Waiting now and, above the relayed pair, checked next (CheckList.picked).
        CandidatePair hostC2 = list.next();
        assertEquals(2, hostC2.componentId());
        assertEquals("10.0.0.2", hostC2.remote().address());
        hostC2.state(PairState.IN_PROGRESS);
        assertEquals(CandidateType.RELAY, list.next().remote().type());
    }

    @Test
    void aCheckCancelledOnceItsComponentIsSelectedIsNotAFailureAndLeavesItsFoundationFree() {
        LocalCandidate c1 = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate c2 = local(CandidateType.HOST, 2, "10.0.0.1", 5001, 65535);
        List<IceCandidate> remotes = List.of(remote("a", CandidateType.HOST, 1, "10.0.0.2", 6000),
                remote("b", CandidateType.HOST, 1, "10.0.0.3", 6000),
                remote("b", CandidateType.HOST, 2, "10.0.0.3", 6001));
        CheckList list = CheckList.form(List.of(c1, c2), remotes, IceRole.CONTROLLING, false);
        CandidatePair a1 = pair(list, 1, "10.0.0.2");
        CandidatePair b1 = pair(list, 1, "10.0.0.3");
        CandidatePair b2 = pair(list, 2, "10.0.0.3");
        // Component 1: (a) succeeded, (b)'s check is under way; component 2's (b) Frozen behind it.
        a1.state(PairState.SUCCEEDED);
        b1.state(PairState.IN_PROGRESS);
        b2.state(PairState.FROZEN);

        // (a) is selected: RFC 8445 §8.1.2, the component's In-Progress check ceases.
        list.stopChecking(1, Long.MAX_VALUE);

        // Cancelled, not Failed (§7.2.5.2 lists what fails a check), and it cannot succeed any more.
        assertEquals("cancelled", b1.state().statsName());
        assertFalse(list.canStillSucceed(1, Long.MIN_VALUE));
        // Its foundation is not busy with it: component 2's pair is unfrozen and checked (§6.1.4.2).
        assertSame(b2, list.next());
        assertEquals(PairState.WAITING, b2.state());
    }

    /** Alice's side of the NAT lab: LAN 10.210.1.0/24 behind 203.0.113.11; Bob's LAN behind .12. */
    private CheckList natLab(String bobHost, String bobPublic, String alicePublic, LocalNetworks networks) {
        LocalCandidate host = local(CandidateType.HOST, 1, "10.210.1.2", 5000 + net.openPorts(), 65535);
        IceCandidate srflx = IceCandidate.builder().foundation("srflx1").componentId(1)
                .priority(AgentPeer.priority(CandidateType.SRFLX, 65535, 1)).address(alicePublic).port(5000)
                .type(CandidateType.SRFLX).related("10.210.1.2", 5000).build();
        List<IceCandidate> remotes = List.of(remote("bh", CandidateType.HOST, 1, bobHost, 6000),
                remote("bs", CandidateType.SRFLX, 1, bobPublic, 6000));
        return CheckList.form(List.of(host, new LocalCandidate(srflx, host.port(), host.base())), remotes,
                IceRole.CONTROLLING, false, networks, false);
    }

    private static final LocalNetworks ALICES_LAN = AgentPeer.onlyOnLink("10.210.1.");

    @Test
    void aHostPairTowardAPeerBehindAnotherNatIsCheckedAfterTheServerReflexivePairItCompetesWith() {
        CheckList list = natLab("10.210.2.2", "203.0.113.12", "203.0.113.11", ALICES_LAN);

        // Priorities unchanged (RFC 8445 §6.1.2.3): the host pair still ranks first...
        assertEquals(List.of("1 10.210.1.2:5000 -> 10.210.2.2:6000", "1 10.210.1.2:5000 -> 203.0.113.12:6000"),
                describe(list));
        // ... but it is checked after the srflx pair (CheckOrder).
        assertEquals(List.of("203.0.113.12", "10.210.2.2"), checkOrder(list));
    }

    @Test
    void hostPairsKeepTheirPlaceOnTheSameLinkBehindTheSameNatOrWhenNothingIsKnown() {
        // Bob on Alice's subnet.
        assertEquals(List.of("10.210.1.9", "203.0.113.12"),
                checkOrder(natLab("10.210.1.9", "203.0.113.12", "203.0.113.11", ALICES_LAN)));
        // Both behind one NAT (one public address): the host pair works, the srflx one needs hairpinning.
        assertEquals(List.of("10.210.2.2", "203.0.113.11"),
                checkOrder(natLab("10.210.2.2", "203.0.113.11", "203.0.113.11", ALICES_LAN)));
        // Alice's address is on no interface she knows of.
        assertEquals(List.of("10.210.2.2", "203.0.113.12"),
                checkOrder(natLab("10.210.2.2", "203.0.113.12", "203.0.113.11", CheckList.NOTHING_KNOWN)));
    }

    @Test
    void aPeerWithoutAServerReflexiveCandidateKeepsItsHostPairFirst() {
        // A public host (no NAT, nothing reflexive to signal) is what a host pair is for.
        LocalCandidate host = local(CandidateType.HOST, 1, "10.210.1.2", 5000, 65535);
        CheckList list = CheckList.form(List.of(host), List.of(remote("bh", CandidateType.HOST, 1, "198.51.100.7", 6000),
                remote("br", CandidateType.RELAY, 1, "203.0.113.1", 6000)), IceRole.CONTROLLING, false, ALICES_LAN, false);

        assertEquals(List.of("198.51.100.7", "203.0.113.1"), checkOrder(list));
    }

    @Test
    void theSubnetTestComparesThePrefixBitByBit() {
        java.net.InetAddress net = address("10.210.1.0");
        assertTrue(LocalNetworks.sameSubnet(net, 24, address("10.210.1.200")));
        assertFalse(LocalNetworks.sameSubnet(net, 24, address("10.210.2.2")));
        assertTrue(LocalNetworks.sameSubnet(address("10.210.0.0"), 15, address("10.211.9.9")));
        assertFalse(LocalNetworks.sameSubnet(net, 24, address("2001:db8::1")));
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The remote addresses of the checks next() hands out, in order, each marked sent. */
    private static List<String> checkOrder(CheckList list) {
        List<String> order = new ArrayList<>();
        for (CandidatePair p = list.next(); p != null; p = list.next()) {
            order.add(p.remote().address());
            p.state(PairState.IN_PROGRESS);
        }
        return order;
    }

    @Test
    void aRoleChangeRecomputesEveryPriority() {
        LocalCandidate host = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        IceCandidate r = remote("r", CandidateType.RELAY, 1, "10.0.0.2", 6000);
        CheckList list = CheckList.form(List.of(host), List.of(r), IceRole.CONTROLLING, false);
        long before = list.pairs().get(0).priority();

        list.reprioritise(IceRole.CONTROLLED);

        assertEquals(PairPriority.of(r.priority(), host.candidate().priority()), list.pairs().get(0).priority());
        assertEquals(before - 1, list.pairs().get(0).priority()); // only the G>D bit changed
    }

    @Test
    void relayOnlyPairsOnlyRelayedCandidates() {
        LocalCandidate host = local(CandidateType.HOST, 1, "10.0.0.1", 5000, 65535);
        LocalCandidate relay = local(CandidateType.RELAY, 1, "198.51.100.1", 50000, 65535);
        CheckList list = CheckList.form(List.of(host, relay), List.of(remote("r", CandidateType.HOST, 1, "10.0.0.2", 6000)),
                IceRole.CONTROLLING, true);
        assertEquals(List.of("1 198.51.100.1:50000 -> 10.0.0.2:6000"), describe(list));
    }

    private LocalCandidate local(CandidateType type, int component, String address, int port, int localPreference) {
        InetSocketAddress at = new InetSocketAddress(address, port);
        DatagramPort p = net.open(at, (x, d, l, f) -> { });
        IceCandidate c = IceCandidate.builder()
                // RFC 8445 §5.1.1.3: the same type and base IP address give the same foundation.
                .foundation(type.sdpName() + address.replace(".", "").replace(":", "")).componentId(component)
                .priority(AgentPeer.priority(type, localPreference, component)).address(address).port(port).type(type)
                .build();
        return new LocalCandidate(c, p, at);
    }

    private static CandidatePair pair(CheckList list, int component, String remoteAddress) {
        return list.pairs().stream().filter(p -> p.componentId() == component
                && p.remote().address().equals(remoteAddress)).findFirst().orElseThrow();
    }

    private static IceCandidate remote(String foundation, CandidateType type, int component, String address, int port) {
        return IceCandidate.builder().foundation(foundation).componentId(component)
                .priority(AgentPeer.priority(type, 65535, component)).address(address).port(port).type(type).build();
    }

    private static List<String> describe(CheckList list) {
        return list.pairs().stream().map(p -> p.componentId() + " " + p.info().addressSummary()).toList();
    }

    private static List<String> describeWithState(CheckList list) {
        return list.pairs().stream().map(p -> p.componentId() + " " + p.info().addressSummary() + " "
                + p.state().statsName()).toList();
    }
}

package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/**
 * Role conflicts (RFC 8445 §7.3.1.1, §7.2.5.1): the larger tie-breaker keeps its role, the other
 * agent switches, and the call completes. And toward an ICE-lite peer a controlled full agent
 * takes control (§6.1.1).
 */
class AgentRoleConflictTest {
    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    private void call(AgentPeer alice, AgentPeer bob) {
        alice.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.1", 5000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));
    }

    @Test
    void bothControllingTheSmallerTieBreakerBecomesControlled() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 0xF000_0000_0000_0000L);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLING, NominationMode.REGULAR, 7);

        call(alice, bob);

        // 5 ms: Bob's check reaches Alice, whose tie-breaker (compared unsigned) is larger: 487.
        // Alice's check reaches Bob, who switches to controlled and answers it.
        assertEquals(IceRole.CONTROLLING, alice.agent.role());
        assertEquals(IceRole.CONTROLLED, bob.agent.role());
        assertEquals(List.of(), alice.ofType(IceEvent.RoleChanged.class));
        assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLED)), bob.ofType(IceEvent.RoleChanged.class));
        assertEquals(alice.agent.selectedPair(1).orElseThrow().remote(), bob.candidates.get(0).candidate());
        assertEquals(bob.agent.selectedPair(1).orElseThrow().remote(), alice.candidates.get(0).candidate());
        assertEquals(List.of("ChecksStarted", "NominationModeChosen", "PeerCheckReceived", "RoleChanged",
                "PairValidated", "PairNominated", "PairSelected", "Completed"), bob.eventNames());
    }

    @Test
    void bothControlledTheLargerTieBreakerTakesControl() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLED, NominationMode.REGULAR, 9);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 7);

        call(alice, bob);

        // Alice's check reaches Bob, whose tie-breaker is smaller: 487; Bob's reaches Alice, who
        // takes control. Her 487 then only re-queues her check (she already switched).
        assertEquals(IceRole.CONTROLLING, alice.agent.role());
        assertEquals(IceRole.CONTROLLED, bob.agent.role());
        assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLING)), alice.ofType(IceEvent.RoleChanged.class));
        assertEquals(List.of(), bob.ofType(IceEvent.RoleChanged.class));
        assertTrue(alice.completed() && bob.completed());
        assertTrue(bob.agent.selectedPair(1).orElseThrow().nominated());
    }

    @Test
    void afterCompletionARoleConflictOnTheSelectedPairStillCounts() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 5);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        call(alice, bob);

        // The peer (authenticated, on the selected 5-tuple) now claims control with a larger
        // tie-breaker, as after a re-INVITE that swapped the offerer: Alice yields (RFC 8445 §7.3.1.1).
        org.ice4j.message.Request check = Checks.request("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING,
                Long.MAX_VALUE, false);
        try {
            check.setTransactionID(org.sipice.ice.internal.engine.stun.TransactionId.random().bytes());
        } catch (org.ice4j.StunException e) {
            throw new AssertionError(e);
        }
        byte[] raw = org.sipice.ice.internal.engine.stun.StunCodec.encode(check,
                org.sipice.ice.internal.engine.stun.StunCodec.shortTermKey(alice.credentials.pwd()), true);
        bob.candidates.get(0).port().send(raw, 0, raw.length, new InetSocketAddress("10.0.0.1", 5000));
        time.advance(Duration.ofMillis(10));

        assertEquals(IceRole.CONTROLLED, alice.agent.role());
        assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLED)), alice.ofType(IceEvent.RoleChanged.class));
        assertEquals("10.0.0.1:5000 -> 10.0.0.2:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
    }

    @Test
    void towardAnIceLitePeerAControlledFullAgentTakesControl() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLED, NominationMode.AGGRESSIVE, 9);
        alice.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.1", 5000), 65535);
        AgentPeer lite = AgentPeer.create("lite", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        lite.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        RemoteIce liteRemote = new RemoteIce(lite.credentials, lite.asRemote().candidates(), true, OptionalInt.empty(),
                List.of());

        alice.agent.start(liteRemote);

        assertEquals(IceRole.CONTROLLING, alice.agent.role());
        // RFC 8445 §6.1.1, then RFC 5245 §8.1.1: never aggressive toward ICE-lite.
        assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLING), new IceEvent.ChecksStarted(IceRole.CONTROLLING, 1),
                new IceEvent.NominationFallback(NominationMode.REGULAR,
                        "the peer is ICE-lite: aggressive nomination is never used toward it (RFC 5245 §8.1.1)"),
                new IceEvent.NominationModeChosen(NominationMode.REGULAR)), alice.events);
    }

    @Test
    void unknownIceOptionsMakeAggressiveFallBackToRegular() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.AGGRESSIVE, 9);
        alice.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.1", 5000), 65535);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);

        alice.agent.start(new RemoteIce(bob.credentials, bob.asRemote().candidates(), false, OptionalInt.empty(),
                List.of("ice2", "rtp+ecn")));

        assertEquals(List.of(new IceEvent.NominationFallback(NominationMode.REGULAR,
                "the peer's ice-options [rtp+ecn] are not understood: aggressive nomination is not used (RFC 5245 §8.1.1)")),
                alice.ofType(IceEvent.NominationFallback.class));
    }
}

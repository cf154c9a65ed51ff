package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
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
 * Bob behind a NAT signals his host and his server-reflexive candidate; his checks leave from the
 * host port (the srflx candidate is pruned to its base, RFC 8445 §6.1.2.4). The valid pair is the
 * one whose local candidate equals the mapped address of the response (§7.2.5.3.2): Bob's
 * selected pair is srflx, at his public address, as the RESULT line's {@code pair=} and the
 * events report it (what ice4j reported), not the host base the check left from.
 */
class ValidPairLocalCandidateTest {
    private static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress BOB_PRIVATE = new InetSocketAddress("192.168.1.2", 6000);
    private static final InetSocketAddress BOB_PUBLIC = new InetSocketAddress("203.0.113.7", 40000);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    @Test
    void bobsSelectedPairIsServerReflexiveAtHisPublicAddress() throws Exception {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        LocalCandidate bobHost = bob.addCandidate(new NatPort(net, BOB_PRIVATE, BOB_PUBLIC, bob::onPacket),
                CandidateType.HOST, 1, 65535);
        IceCandidate srflx = IceCandidate.builder().foundation("srflx1").componentId(1)
                .priority(AgentPeer.priority(CandidateType.SRFLX, 65535, 1)).address("203.0.113.7").port(40000)
                .type(CandidateType.SRFLX).related("192.168.1.2", 6000).build();
        LocalCandidate bobSrflx = new LocalCandidate(srflx, bobHost.port(), BOB_PRIVATE);
        bob.candidates.add(bobSrflx);
        bob.agent.addLocal(bobSrflx);

        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));

        CandidatePairInfo bobs = bob.agent.selectedPair(1).orElseThrow();
        assertEquals("srflx/udp-host/udp", bobs.typeSummary());
        assertEquals("203.0.113.7:40000 -> 10.0.0.1:5000", bobs.addressSummary());
        assertEquals(bobs, bob.ofType(IceEvent.Completed.class).get(0).selectedPairs().get(0));
        assertEquals("host/udp-srflx/udp", alice.agent.selectedPair(1).orElseThrow().typeSummary());
        // Media still leaves from the base: Alice gets it from Bob's public address.
        bob.agent.send(1, "from behind the NAT".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 19);
        time.advance(Duration.ofMillis(10));
        assertEquals(java.util.List.of("from behind the NAT"), alice.media);
    }
}

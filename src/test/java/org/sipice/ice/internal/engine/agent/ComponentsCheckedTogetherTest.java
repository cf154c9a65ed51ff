package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * The NAT matrix's eim/adf cells with TURN, on fake time: Alice (controlling, regular nomination)
 * behind an address-dependent filter (RFC 4787 §5) with a host candidate for RTP and RTCP; Bob
 * behind an address-dependent mapping with a TURN allocation, whose host and server-reflexive
 * candidates never answer (the latter is his binding toward the STUN server) and whose checks
 * come from another binding. A direct path exists per component only once that component's port of Alice has sent
 * something to Bob's address, which opens her filter to his checks (learnt as peer-reflexive,
 * RFC 8445 §7.3.1.3); the relayed pairs are valid long before.
 */
class ComponentsCheckedTogetherTest {
    static final String BOB_PUBLIC = "10.0.0.2";

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));
    /** Alice's address-dependent filter: (her port, a peer's IP address) she has sent to. */
    private final Set<String> opened = new HashSet<>();

    @Test
    void rtcpsOwnCheckOpensItsFilterSoItsDirectPairBeatsTheRelayedOneValidatedFirst() {
        net.filter((from, to) -> {
            if (from.getAddress().getHostAddress().equals("10.0.0.1")) {
                opened.add(from + " " + to.getAddress().getHostAddress());
                return true;
            }
            return !to.getAddress().getHostAddress().equals("10.0.0.1")
                    || opened.contains(to + " " + from.getAddress().getHostAddress());
        });
        AgentPeer alice = new AgentPeer("alice", time, AgentPeer.settings("alice", IceRole.CONTROLLING,
                NominationMode.REGULAR, 2, 2), AcceptanceWaits.DEFAULT);
        AgentPeer bob = new AgentPeer("bob", time, AgentPeer.settings("bob", IceRole.CONTROLLED,
                NominationMode.REGULAR, 1, 2), AcceptanceWaits.DEFAULT);
        for (int c = 1; c <= 2; c++) {
            alice.addCandidate(net, CandidateType.HOST, c, new InetSocketAddress("10.0.0.1", 4999 + c), 65535);
            LocalCandidate host = bob.addCandidate(new NatPort(net, new InetSocketAddress("192.168.1.2", 5999 + c),
                    new InetSocketAddress(BOB_PUBLIC, 6999 + c), bob::onPacket), CandidateType.HOST, c, 65535);
            // His binding toward the STUN server: nothing there answers checks from Alice.
            IceCandidate srflx = IceCandidate.builder().foundation("srflx10002").componentId(c)
                    .priority(AgentPeer.priority(CandidateType.SRFLX, 65535, c)).address(BOB_PUBLIC).port(7999 + c)
                    .type(CandidateType.SRFLX).related("192.168.1.2", 5999 + c).build();
            LocalCandidate reflexive = new LocalCandidate(srflx, host.port(), host.base());
            bob.candidates.add(reflexive);
            bob.agent.addLocal(reflexive);
            // His TURN allocation: reachable from anywhere, and it answers from its own address.
            bob.addCandidate(net, CandidateType.RELAY, c, new InetSocketAddress("198.51.100.2", 49999 + c), 65535);
        }

        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));

        // Both components end on the direct peer-reflexive pair. In the lab, RTCP's pairs toward
        // Bob were Frozen behind RTP's (RFC 8445 §6.1.2.6), so RTCP's port had sent him nothing
        // and his RTCP checks were dropped; once RTP was selected its checks were stopped, RTCP's
        // frozen direct pairs looked hopeless and RTCP's relayed pair, validated then, was
        // nominated.
        List<String> selected = alice.ofType(IceEvent.Completed.class).get(0).selectedPairs().stream()
                .map(CandidatePairInfo::typeSummary).toList();
        assertEquals(List.of("host/udp-prflx/udp", "host/udp-prflx/udp"), selected);
        assertEquals(List.of("prflx/udp-host/udp", "prflx/udp-host/udp"), bob.ofType(IceEvent.Completed.class).get(0)
                .selectedPairs().stream().map(CandidatePairInfo::typeSummary).toList());
        // The relayed pairs were valid first, and waited (AcceptanceWaits) for the direct ones.
        assertEquals("host/udp-relay/udp", alice.ofType(IceEvent.PairValidated.class).get(0).pair().typeSummary());
        // RTCP's checks (Alice's, which open her filter, and Bob's) leave one Ta after RTP's, not
        // once RTP's succeeded: Bob's RTCP check retransmitted at 120 ms gets in. With RTCP frozen
        // behind RTP (RFC 8445 §6.1.2.6) it took until his retransmission at 220 ms: 245 ms.
        assertEquals(Duration.ofMillis(190), alice.ofType(IceEvent.Completed.class).get(0).took());
    }
}

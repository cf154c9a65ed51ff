package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.tcp.TcpPriority;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * The check list with TCP candidates (RFC 6544 §6.2): UDP pairs with UDP, a local active
 * candidate with the peer's passive ones only, and no pair from a local passive candidate (the
 * peer's checks bring those). UDP pairs come first (RFC 6544 §4.2).
 */
class TcpCheckListTest {
    private final FakeNetwork net = new FakeNetwork(new FakeScheduler());

    @Test
    void activePairsWithPassiveOnlyPassivePairsAreLeftToThePeersChecksAndUdpComesFirst() {
        LocalCandidate udp = local("UDP", null, "10.0.0.1", 5000, AgentPeer.priority(CandidateType.HOST, 65535, 1));
        LocalCandidate active = local("TCP", "active", "10.0.0.1", 9, TcpPriority.hostPriority("active", 0, 1));
        LocalCandidate passive = local("TCP", "passive", "10.0.0.1", 5001, TcpPriority.hostPriority("passive", 0, 1));
        List<IceCandidate> remotes = List.of(
                remote("ru", "UDP", null, 6000, AgentPeer.priority(CandidateType.HOST, 65535, 1)),
                remote("ra", "TCP", "active", 9, TcpPriority.hostPriority("active", 0, 1)),
                remote("rp", "TCP", "passive", 6001, TcpPriority.hostPriority("passive", 0, 1)),
                remote("rs", "TCP", "so", 6002, TcpPriority.hostPriority("active", 1, 1)), // S-O: not supported
                remote("rx", "SCTP", null, 6003, AgentPeer.priority(CandidateType.HOST, 65000, 1))); // unknown

        CheckList list = CheckList.form(List.of(udp, active, passive), remotes, IceRole.CONTROLLING, false);

        assertEquals(List.of("UDP 10.0.0.1:5000 -> 10.0.0.2:6000", "TCP 10.0.0.1:9 -> 10.0.0.2:6001"),
                list.pairs().stream().map(p -> p.local().candidate().transport() + " "
                        + p.info().addressSummary()).toList());
    }

    @Test
    void aPassiveCandidatePairsWithThePeerReflexiveActiveCandidateAConnectionTaughtIt() {
        LocalCandidate passive = local("TCP", "passive", "10.0.0.1", 5001, TcpPriority.hostPriority("passive", 0, 1));
        IceCandidate learnt = IceCandidate.builder().foundation("rprflx1").componentId(1).transport("TCP")
                .tcpType("active").priority(1).address("10.0.0.2").port(40000).type(CandidateType.PRFLX).build();
        InetSocketAddress from = new InetSocketAddress("10.0.0.2", 40000);
        // RFC 6544 §7.2: the peer's ephemeral port is the remote address of the pair.
        assertEquals(true, CheckList.pairable(passive, learnt, from));
        IceCandidate udpLearnt = learnt.toBuilder().transport("UDP").tcpType(null).build();
        assertEquals(false, CheckList.pairable(passive, udpLearnt, from));
    }

    private LocalCandidate local(String transport, String tcpType, String address, int port, long priority) {
        InetSocketAddress at = new InetSocketAddress(address, port);
        DatagramPort p = net.open(at, (x, d, l, f) -> { });
        IceCandidate c = IceCandidate.builder().foundation(transport + address.replace(".", "")).componentId(1)
                .transport(transport).tcpType(tcpType).priority(priority).address(address).port(port)
                .type(CandidateType.HOST).build();
        return new LocalCandidate(c, p, at);
    }

    private static IceCandidate remote(String foundation, String transport, String tcpType, int port, long priority) {
        return IceCandidate.builder().foundation(foundation).componentId(1).transport(transport).tcpType(tcpType)
                .priority(priority).address("10.0.0.2").port(port).type(CandidateType.HOST).build();
    }
}

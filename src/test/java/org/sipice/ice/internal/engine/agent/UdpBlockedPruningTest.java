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
 * The check list of Alice (LAN 10.210.1.0/24) when UDP is known blocked: no UDP pair leaves her
 * LAN except from her relayed candidate, and no TCP pair goes to a private address beyond her
 * LAN, and her public relayed address pairs with public addresses only (the TURN server cannot
 * reach a private one); pairs toward her LAN and TCP toward public addresses stay. Not blocked, all are formed.
 */
class UdpBlockedPruningTest {
    private final FakeNetwork net = new FakeNetwork(new FakeScheduler());
    private static final LocalNetworks ALICES_LAN = AgentPeer.onlyOnLink("10.210.1.");

    private List<String> pairs(boolean udpBlocked) {
        LocalCandidate udp = local("UDP", null, CandidateType.HOST, "10.210.1.2", 5000,
                AgentPeer.priority(CandidateType.HOST, 65535, 1));
        LocalCandidate active = local("TCP", "active", CandidateType.HOST, "10.210.1.2", 9,
                TcpPriority.hostPriority("active", 0, 1));
        LocalCandidate relay = local("UDP", null, CandidateType.RELAY, "198.51.100.1", 50000,
                AgentPeer.priority(CandidateType.RELAY, 65535, 1));
        List<IceCandidate> remotes = List.of(
                remote("UDP", null, CandidateType.HOST, "10.210.2.2", 6000),   // Bob's LAN, behind his NAT
                remote("UDP", null, CandidateType.HOST, "10.210.1.3", 6000),   // on Alice's LAN
                remote("UDP", null, CandidateType.SRFLX, "203.0.113.12", 6000), // public
                remote("TCP", "passive", CandidateType.HOST, "10.210.2.2", 6001),
                remote("TCP", "passive", CandidateType.HOST, "203.0.113.20", 6001));

        CheckList list = CheckList.form(List.of(udp, active, relay), remotes, IceRole.CONTROLLING, false, ALICES_LAN,
                udpBlocked);

        return list.pairs().stream().map(p -> p.local().candidate().type().sdpName() + "/"
                + p.local().candidate().transport() + " -> " + p.remoteAddress().getHostString()).sorted().toList();
    }

    @Test
    void udpKnownBlockedOnlyPairsThatNeedNoUdpPastTheRouterAreFormed() {
        assertEquals(List.of(
                "host/TCP -> 203.0.113.20",
                "host/UDP -> 10.210.1.3",
                "relay/UDP -> 203.0.113.12"), pairs(true));
    }

    @Test
    void udpNotKnownBlockedEveryPairIsFormed() {
        // 3 UDP host pairs, 3 relayed, 2 TCP (active toward each passive candidate).
        List<String> all = pairs(false);
        assertEquals(8, all.size(), all.toString());
    }

    @Test
    void privateAddressesAreThoseTheInternetDoesNotRoute() throws Exception {
        for (String a : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "100.127.255.1", "fd00::1",
                "fe80::1", "169.254.1.1")) {
            assertEquals(true, UdpBlockedPruning.isPrivate(java.net.InetAddress.getByName(a)), a);
        }
        for (String a : List.of("203.0.113.1", "100.128.0.1", "2001:db8::1", "8.8.8.8")) {
            assertEquals(false, UdpBlockedPruning.isPrivate(java.net.InetAddress.getByName(a)), a);
        }
    }

    private LocalCandidate local(String transport, String tcpType, CandidateType type, String address, int port,
            long priority) {
        InetSocketAddress at = new InetSocketAddress(address, port);
        DatagramPort p = net.open(at, (x, d, l, f) -> { });
        IceCandidate c = IceCandidate.builder().foundation(transport + type + address.replace(".", ""))
                .componentId(1).transport(transport).tcpType(tcpType).priority(priority).address(address).port(port)
                .type(type).build();
        return new LocalCandidate(c, p, at);
    }

    private static IceCandidate remote(String transport, String tcpType, CandidateType type, String address, int port) {
        return IceCandidate.builder().foundation(transport + type + address.replace(".", "")).componentId(1)
                .transport(transport).tcpType(tcpType).priority(AgentPeer.priority(type, 65535, 1))
                .address(address).port(port).type(type).build();
    }
}

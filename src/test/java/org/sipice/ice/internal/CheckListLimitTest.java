package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.RemoteCandidate;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.nomination.NominatingAgent;

/**
 * RFC 8445 §6.1.2.5: a peer that signals 120 candidates gets a check list of 100 pairs, the
 * highest-priority ones (ice4j alone keeps 101: its limit is off by one).
 */
class CheckListLimitTest {

    @Test
    void aCheckListHoldsAtMostOneHundredPairsTheHighestFirst() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true).build();
        Agent agent = Ice4jGathering.createAgent(config, IceRole.CONTROLLING, HostSocketFactory.EPHEMERAL, null);
        List<DatagramSocket> peer = new ArrayList<>();
        try {
            IceMediaStream stream = Ice4jGathering.createStream(agent, config);
            stream.setRemoteUfrag("peer");
            stream.setRemotePassword("peerpasswordpeerpassword");
            Component component = stream.getComponent(1);
            List<Long> priorities = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                long priority = 2_000_000_000L - i * 1000L;
                priorities.add(priority);
                // The peer's candidates: sockets of ours that never answer the checks that reach them.
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                peer.add(socket);
                component.addRemoteCandidate(new RemoteCandidate(new TransportAddress("127.0.0.1",
                        socket.getLocalPort(), Transport.UDP), component, CandidateType.HOST_CANDIDATE, "f" + i,
                        priority, null));
            }

            agent.startConnectivityEstablishment();

            List<CandidatePair> pairs;
            synchronized (stream.getCheckList()) {
                pairs = new ArrayList<>(stream.getCheckList());
            }
            assertEquals(NominatingAgent.MAX_PAIRS, pairs.size());
            long lowestKept = pairs.stream().mapToLong(p -> p.getRemoteCandidate().getPriority()).min().orElseThrow();
            assertEquals(priorities.get(NominatingAgent.MAX_PAIRS - 1), lowestKept, "the highest-priority pairs kept");
            assertTrue(pairs.stream().noneMatch(p -> p.getRemoteCandidate().getPriority() < lowestKept));
        } finally {
            agent.free();
            peer.forEach(DatagramSocket::close);
        }
    }
}

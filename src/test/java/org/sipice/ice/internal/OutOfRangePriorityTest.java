package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.RemoteCandidate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;

/**
 * A peer-reflexive candidate whose priority came from a hostile check's PRIORITY (0, or
 * 0xFFFFFFFF which ice4j reads as -1): the stats snapshot taken at {@code close()} and the SDP form
 * of the candidate must not throw (issue 11, defect 4: "priority -1" stopped {@code close()} before
 * the TURN allocations were deleted and the agent freed, and the call never ended).
 */
class OutOfRangePriorityTest {

    @ParameterizedTest
    @ValueSource(longs = {0L, -1L, 0xFFFFFFFFL, 1L << 31})
    void aStatsSnapshotReportsTheCandidateAsItIsAndItsSdpFormIsClamped(long priority) throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true).build();
        Agent agent = Ice4jGathering.createAgent(config, IceRole.CONTROLLED, HostSocketFactory.EPHEMERAL, null);
        try {
            IceMediaStream stream = Ice4jGathering.createStream(agent, config);
            Component component = stream.getComponent(1);
            RemoteCandidate hostile = new RemoteCandidate(new TransportAddress("127.0.0.1", 40_000, Transport.UDP),
                    component, CandidateType.PEER_REFLEXIVE_CANDIDATE, "9", priority, null);
            component.addRemoteCandidate(hostile);

            IceStats stats = IceStatsCollector.snapshot(agent, stream, IceRole.CONTROLLED, IceState.CHECKING);

            List<IceCandidateStats> remotes = stats.remoteCandidates();
            assertEquals(1, remotes.size());
            assertEquals(priority, remotes.get(0).priority(), "stats tell the priority ice4j holds");
            long clamped = Math.max(1, Math.min((1L << 31) - 1, priority));
            assertEquals(clamped, CandidateMapping.toSdp(hostile).priority());
        } finally {
            agent.free();
        }
    }
}

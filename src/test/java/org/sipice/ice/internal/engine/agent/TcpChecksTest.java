package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.tcp.TcpPriority;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;

/** Checks over ICE-TCP on fake time: sent once (RFC 8489 §6.2.2), given up as late as over UDP. */
class TcpChecksTest {
    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));
    private final AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);

    @Test
    void aCheckOverTcpIsNotRetransmittedAndFailsAfterTheCheckTimeout() {
        InetSocketAddress at = new InetSocketAddress("10.0.0.1", 9);
        DatagramPort port = net.open(at, alice::onPacket);
        LocalCandidate active = new LocalCandidate(IceCandidate.builder().foundation("t1").componentId(1)
                .transport("TCP").tcpType("active").priority(TcpPriority.hostPriority("active", 0, 1))
                .address("10.0.0.1").port(9).type(CandidateType.HOST).build(), port, at);
        alice.candidates.add(active);
        alice.agent.addLocal(active);
        IceCandidate bobPassive = IceCandidate.builder().foundation("b1").componentId(1).transport("TCP")
                .tcpType("passive").priority(TcpPriority.hostPriority("passive", 0, 1)).address("10.0.0.2")
                .port(6000).type(CandidateType.HOST).build();
        net.filter((from, to) -> false); // Bob's side of the connection never answers

        alice.agent.start(new RemoteIce(new IceCredentials("bobUfrag", "bobPasswordPasswordPassword"),
                List.of(bobPassive), false, OptionalInt.empty(), List.of()));

        assertTrue(time.advanceUntil(alice::finished, Duration.ofSeconds(60)));
        assertEquals(OutgoingChecks.CHECK_RETRANSMISSION.timeout(), time.elapsed()); // 7.9 s, as over UDP
        assertEquals(1, net.sent().size(), "one request, no retransmission: " + net.sent());
        assertEquals(List.of("failed"), alice.agent.stats().pairs().stream().map(AgentSnapshot.Pair::state).toList());
    }
}

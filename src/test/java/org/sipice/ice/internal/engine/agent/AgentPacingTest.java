package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/** One check every Ta (RFC 8445 §6.1.4.2, §14.2), or the peer's a=ice-pacing (RFC 8839 §4.3.2). */
class AgentPacingTest {
    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5)).filter((from, to) -> false);
    private final AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
    private final AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);

    AgentPacingTest() {
        alice.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.1", 5000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.3", 6000), 65000);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.4", 6000), 64000);
    }

    @Test
    void oneNewCheckEveryTaHighestPriorityFirstWithRetransmissionsOnTheirOwnClock() {
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofMillis(450));

        // Three pairs of three foundations, all Waiting: checked at 0, 20, 40 ms, best first; each
        // is retransmitted 100, 300 ms after it left (RTO 100 ms, doubling).
        assertEquals(Map.of("10.0.0.2", List.of(0L, 100L, 300L), "10.0.0.3", List.of(20L, 120L, 320L),
                "10.0.0.4", List.of(40L, 140L, 340L)), sendTimes());
        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4"), List.copyOf(sendTimes().keySet()));
    }

    @Test
    void thePeersLargerIcePacingWins() {
        RemoteIce paced = new RemoteIce(bob.credentials, bob.asRemote().candidates(), false, OptionalInt.of(50),
                List.of());
        alice.agent.start(paced);
        time.advance(Duration.ofMillis(99));

        assertEquals(List.of(0L, 50L), sendTimes().values().stream().map(t -> t.get(0)).toList());
    }

    @Test
    void aSmallerIcePacingThanOursIsIgnored() {
        RemoteIce paced = new RemoteIce(bob.credentials, bob.asRemote().candidates(), false, OptionalInt.of(5),
                List.of());
        alice.agent.start(paced);
        time.advance(Duration.ofMillis(45));

        assertEquals(List.of(0L, 20L, 40L), sendTimes().values().stream().map(t -> t.get(0)).toList());
    }

    /** Per remote address, in the order first reached: when Alice's requests left, in ms. */
    private Map<String, List<Long>> sendTimes() {
        long start = 1_000_000_000L;
        Map<String, List<Long>> times = new LinkedHashMap<>();
        for (FakeNetwork.Datagram d : net.sent()) {
            if (d.from().getAddress().getHostAddress().equals("10.0.0.1")) {
                times.computeIfAbsent(d.to().getAddress().getHostAddress(), k -> new java.util.ArrayList<>())
                        .add((d.sentNanos() - start) / 1_000_000);
            }
        }
        return times;
    }
}

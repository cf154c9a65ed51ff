package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/** When ICE fails (RFC 8445 §8.1.2), and when it says so, on fake time. */
class AgentFailureTest {
    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));
    private final AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
    private final AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);

    AgentFailureTest() {
        alice.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.1", 5000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.2", 6000), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.0.0.3", 6000), 65000);
    }

    @Test
    void aBlockedPathFailsWhenTheLastCheckGivesUp() {
        net.filter((from, to) -> false);
        alice.agent.start(bob.asRemote());

        assertTrue(time.advanceUntil(alice::finished, Duration.ofSeconds(60)));

        // Checks at 0 and 20 ms; each gives up 7.9 s later (RTO 100 ms, 7 requests, Rm 16).
        assertEquals(Duration.ofMillis(7920), time.elapsed());
        assertEquals(List.of(new IceEvent.Failed("every candidate pair of component 1 failed: no path to the peer"
                + " (RFC 8445 §8.1.2; 2 pairs checked)")), alice.ofType(IceEvent.Failed.class));
        assertEquals(List.of("failed", "failed"), alice.agent.stats().pairs().stream().map(AgentSnapshot.Pair::state).toList());
        assertEquals(0, alice.transactions.size());
        int sent = net.sent().size();
        time.advance(Duration.ofSeconds(60));
        assertEquals(sent, net.sent().size(), "nothing sent after Failed");
    }

    @Test
    void anAuthenticatedAnswerFromAnotherAddressFailsThePair() throws Exception {
        // RFC 8445 §7.2.5.2.1: the answer must come from where the check went.
        net.filter((from, to) -> false);
        alice.agent.start(bob.asRemote());
        FakeNetwork.Datagram check = net.sent().get(0);
        org.ice4j.message.Request request = (org.ice4j.message.Request) org.sipice.ice.internal.engine.stun.StunCodec
                .decode(check.data(), check.data().length);
        org.ice4j.message.Response answer = Checks.success(request, check.from());
        byte[] raw = org.sipice.ice.internal.engine.stun.StunCodec.encode(answer,
                org.sipice.ice.internal.engine.stun.StunCodec.shortTermKey(bob.credentials.pwd()), true);

        alice.onPacket(alice.candidates.get(0).port(), raw, raw.length, new InetSocketAddress("10.0.0.2", 6999));

        assertEquals(check.to(), new InetSocketAddress("10.0.0.2", 6000));
        // The pair toward 10.0.0.2 failed; the one toward 10.0.0.3 is still to be checked.
        assertEquals(List.of("failed", "waiting"),
                alice.agent.stats().pairs().stream().map(AgentSnapshot.Pair::state).toList());
        assertEquals(List.of(), alice.ofType(IceEvent.PairValidated.class));
    }

    @Test
    void aPeerThatAnswersButNeverNominatesEndsInTheChecksTimeout() {
        // Bob (controlled) checks Alice, who answers but never starts her own checks, so never
        // nominates: Bob's pair is valid, and he waits for a nomination until the checks timeout.
        bob.agent.start(alice.asRemote());

        assertTrue(time.advanceUntil(bob::finished, Duration.ofSeconds(60)));

        assertEquals(Duration.ofSeconds(30), time.elapsed());
        assertEquals(List.of(new IceEvent.Failed("ICE checks timed out after 30000 ms: 0 of 1 components selected,"
                + " 2 valid of 2 pairs")), bob.ofType(IceEvent.Failed.class));
    }

    @Test
    void aComponentWithoutAnyPairWaitsForThePeersChecksRatherThanFailing() {
        // Alice signalled no candidate Bob can pair (a host name): Bob waits for a peer-reflexive one.
        bob.agent.start(new org.sipice.ice.RemoteIce(alice.credentials, List.of(org.sipice.sdp.IceCandidate.builder()
                .foundation("1").componentId(1).priority(1).address("alice.local").port(5000).build()), false,
                java.util.OptionalInt.empty(), List.of()));
        time.advance(Duration.ofSeconds(10));
        assertEquals(List.of("ChecksStarted", "NominationModeChosen"), bob.eventNames());

        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(5)));
        assertEquals("prflx", bob.agent.selectedPair(1).orElseThrow().remote().type().sdpName());
    }
}

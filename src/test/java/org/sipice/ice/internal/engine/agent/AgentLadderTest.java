package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.sdp.CandidateType;

/**
 * Two agents on a fake network with 5 ms one way: Alice (controlling) and Bob (controlled), one
 * host candidate each. The ladders of regular (RFC 8445 §8.1.1) and aggressive (RFC 5245
 * §8.1.1.2) nomination, to the millisecond of fake time.
 */
class AgentLadderTest {
    static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress BOB = new InetSocketAddress("10.0.0.2", 6000);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));

    private AgentPeer[] call(NominationMode mode) {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, mode, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, mode, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB, 65535);
        // Bob answers (he knows Alice's candidates first), Alice reads the answer.
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));
        return new AgentPeer[] {alice, bob};
    }

    @Test
    void regularNominationChecksThenNominatesWithASecondCheckOneTaLater() throws IOException {
        AgentPeer[] peers = call(NominationMode.REGULAR);
        AgentPeer alice = peers[0];
        AgentPeer bob = peers[1];

        // 0 ms: both check; 5: each answers the other; 10: Alice's pair is valid and, a host pair
        // waiting for nothing, nominated; 20 (one Ta after her first check): USE-CANDIDATE; 25: Bob
        // selects; 30: Alice selects.
        List<String> ladder = List.of("ChecksStarted", "NominationModeChosen", "PeerCheckReceived", "PairValidated",
                "PairNominated", "PairSelected", "Completed");
        assertEquals(ladder, alice.eventNames());
        assertEquals(ladder, bob.eventNames());
        assertEquals(Duration.ofMillis(30), alice.ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(25), bob.ofType(IceEvent.Completed.class).get(0).took());
        assertEquals("10.0.0.1:5000 -> 10.0.0.2:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
        assertEquals("10.0.0.2:6000 -> 10.0.0.1:5000", bob.agent.selectedPair(1).orElseThrow().addressSummary());
        assertTrue(bob.agent.selectedPair(1).orElseThrow().nominated());

        alice.agent.send(1, "hello bob".getBytes(StandardCharsets.UTF_8), 0, 9);
        bob.agent.send(1, "hello alice".getBytes(StandardCharsets.UTF_8), 0, 11);
        time.advance(Duration.ofMillis(10));
        assertEquals(List.of("hello bob"), bob.media);
        assertEquals(List.of("hello alice"), alice.media);

        // The counters IceStats reports: Alice sent her check and the nomination, answered Bob's one.
        AgentSnapshot.Pair pair = alice.agent.stats().pairs().get(0);
        assertEquals(List.of("succeeded", "true", "true", "2 sent 2 answered, 1 received 1 answered",
                "PT0.01S", "1 packet 9 bytes out, 1 packet 11 bytes in"),
                List.of(pair.state(), "" + pair.nominated(), "" + pair.selected(),
                        pair.requestsSent() + " sent " + pair.responsesReceived() + " answered, " + pair.requestsReceived()
                                + " received " + pair.responsesSent() + " answered",
                        "" + pair.currentRoundTripTime(), pair.packetsSent() + " packet " + pair.bytesSent() + " bytes out, "
                                + pair.packetsReceived() + " packet " + pair.bytesReceived() + " bytes in"));
        AgentSnapshot.Pair bobs = bob.agent.stats().pairs().get(0);
        assertEquals("1 sent, 2 received", bobs.requestsSent() + " sent, " + bobs.requestsReceived() + " received");
    }

    @Test
    void aggressiveNominationCompletesInOneRoundTrip() {
        AgentPeer[] peers = call(NominationMode.AGGRESSIVE);
        AgentPeer alice = peers[0];
        AgentPeer bob = peers[1];

        // Alice's first check carries USE-CANDIDATE; Bob's own check on the pair succeeds at 10 ms.
        assertEquals(Duration.ofMillis(10), alice.ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(Duration.ofMillis(10), bob.ofType(IceEvent.Completed.class).get(0).took());
        assertEquals(List.of(new IceEvent.NominationModeChosen(NominationMode.AGGRESSIVE)),
                alice.ofType(IceEvent.NominationModeChosen.class));
        assertEquals(alice.agent.selectedPair(1).orElseThrow().remote(), bob.candidates.get(0).candidate());
        assertEquals(bob.agent.selectedPair(1).orElseThrow().remote(), alice.candidates.get(0).candidate());
    }

    @Test
    void aPeerThatSignalsNoRtcpCandidatesLeavesComponentTwoOutOfTheStream() {
        // Alice offered rtcp-mux and gathered component 1 only; Bob answered without rtcp-mux.
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        AgentPeer bob = new AgentPeer("bob", time,
                AgentPeer.settings("bob", IceRole.CONTROLLED, NominationMode.REGULAR, 1, 2), AcceptanceWaits.DEFAULT);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB, 65535);
        bob.addCandidate(net, CandidateType.HOST, 2, new InetSocketAddress("10.0.0.2", 6001), 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofSeconds(1));

        // The same ladder as with one component each, and nothing left waiting for an RTCP pair.
        assertEquals(Duration.ofMillis(25), bob.ofType(IceEvent.Completed.class).get(0).took(), bob.events::toString);
        assertEquals(1, bob.ofType(IceEvent.Completed.class).get(0).selectedPairs().size());
        assertTrue(alice.completed(), alice.events::toString);
        assertTrue(bob.agent.selectedPair(2).isEmpty());
    }

    @Test
    void twoComponentsComponentTwoUnfrozenByComponentOnesSuccess() {
        AgentPeer alice = new AgentPeer("alice", time,
                AgentPeer.settings("alice", IceRole.CONTROLLING, NominationMode.REGULAR, 2, 2), AcceptanceWaits.DEFAULT);
        AgentPeer bob = new AgentPeer("bob", time,
                AgentPeer.settings("bob", IceRole.CONTROLLED, NominationMode.REGULAR, 1, 2), AcceptanceWaits.DEFAULT);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        alice.addCandidate(net, CandidateType.HOST, 2, new InetSocketAddress("10.0.0.1", 5001), 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB, 65535);
        bob.addCandidate(net, CandidateType.HOST, 2, new InetSocketAddress("10.0.0.2", 6001), 65535);
        bob.agent.start(alice.asRemote());
        alice.agent.start(bob.asRemote());
        assertTrue(time.advanceUntil(() -> alice.finished() && bob.finished(), Duration.ofSeconds(10)));

        // 0 ms: component 1 (Waiting) is checked; component 2 shares its foundation and is Frozen
        // (RFC 8445 §6.1.2.6). 10: component 1 valid, which unfreezes component 2 (§7.2.5.3.3)
        // and nominates component 1; 20: nomination of 1; 40: check of 2; 50: 2 valid;
        // 60: nomination of 2; 70: Alice completes.
        IceEvent.Completed completed = alice.ofType(IceEvent.Completed.class).get(0);
        assertEquals(List.of(1, 2), completed.selectedPairs().stream().map(p -> p.componentId()).toList());
        assertEquals(Duration.ofMillis(70), completed.took());
        assertEquals("10.0.0.2:6001 -> 10.0.0.1:5001", bob.agent.selectedPair(2).orElseThrow().addressSummary());
    }

    @Test
    void afterCompletionConsentRunsAndItsLossStopsMedia() throws IOException {
        AgentPeer[] peers = call(NominationMode.AGGRESSIVE);
        AgentPeer alice = peers[0];
        peers[1].agent.close(); // Bob's agent goes; his port stays but no longer answers
        net.filter((from, to) -> !from.equals(BOB));

        time.advance(Duration.ofSeconds(31));

        // RFC 7675 §5.1: 30 s after the last authenticated answer (the check at 10 ms).
        IceEvent.ConsentLost lost = alice.ofType(IceEvent.ConsentLost.class).get(0);
        assertEquals(Duration.ofSeconds(30), lost.sinceLastResponse());
        IOException refused = assertThrows(IOException.class, () -> alice.agent.send(1, new byte[1], 0, 1));
        assertTrue(refused.getMessage().startsWith("consent lost on component 1"), refused.getMessage());
        assertTrue(alice.agent.stats().pairs().get(0).consentRequestsSent() >= 5);

        alice.agent.close();
        int sent = net.sent().size();
        time.advance(Duration.ofMinutes(5));
        assertEquals(sent, net.sent().size(), "nothing sent after close");
    }

    @Test
    void mediaBeforeSelectionIsRefusedWithAReason() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        IOException e = assertThrows(IOException.class, () -> alice.agent.send(1, new byte[1], 0, 1));
        assertEquals("no selected pair for component 1 (ICE is not completed)", e.getMessage());
    }

    @Test
    void closeCancelsEveryTimerAndTransaction() {
        AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLING, NominationMode.REGULAR, 2);
        AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLED, NominationMode.REGULAR, 1);
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, new InetSocketAddress("10.9.9.9", 6000), 65535);
        net.filter((from, to) -> false);
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofMillis(50));
        assertEquals(1, alice.transactions.size());

        alice.agent.close();
        alice.agent.close();
        int sent = net.sent().size();
        time.advance(Duration.ofSeconds(60));

        assertEquals(0, alice.transactions.size());
        assertEquals(sent, net.sent().size(), "nothing sent after close");
        assertEquals(List.of("ChecksStarted", "NominationModeChosen"), alice.eventNames());
    }
}

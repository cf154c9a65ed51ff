package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.sdp.CandidateType;

/**
 * An attacker who read the SDP (both ufrags, not the passwords) sends checks and responses that
 * do not authenticate: each check is refused 400 or 401 from the port it reached (RFC 8489
 * §9.1.3), a forged response is ignored while the real transaction goes on (§9.1.4), and nothing
 * in the agent changes.
 */
class AgentAuthenticationTest {
    static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress BOB = new InetSocketAddress("10.0.0.2", 6000);
    static final InetSocketAddress MALLORY = new InetSocketAddress("10.6.6.6", 6666);
    static final byte[] WRONG_KEY = StunCodec.shortTermKey("notThePasswordNotThePassword");

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));
    private final AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLED, NominationMode.REGULAR, 2);
    private final AgentPeer bob = AgentPeer.create("bob", time, IceRole.CONTROLLING, NominationMode.REGULAR, 1);
    private final List<String> malloryGot = new ArrayList<>();
    private final DatagramPort mallory = net.open(MALLORY, (p, data, length, from) -> malloryGot.add(describe(data, length)));

    AgentAuthenticationTest() {
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
        bob.addCandidate(net, CandidateType.HOST, 1, BOB, 65535);
    }

    @Test
    void checksThatDoNotAuthenticateOrCarryABadPriorityAreRefusedAndChangeNothing() {
        net.filter((from, to) -> !to.equals(BOB)); // Bob is unreachable in this test
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofMillis(1));
        String user = "aliceUfrag:bobUfrag";
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());

        send(check(user, 1_862_270_975L, IceRole.CONTROLLING, Long.MAX_VALUE, true), null); // no MESSAGE-INTEGRITY
        send(check(user, 1_862_270_975L, IceRole.CONTROLLING, Long.MAX_VALUE, true), WRONG_KEY);
        send(check("someoneElse:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING, Long.MAX_VALUE, true), alicesKey);
        Request noUsername = check(user, 1_862_270_975L, IceRole.CONTROLLING, 1, true);
        noUsername.removeAttribute(org.ice4j.attribute.Attribute.USERNAME);
        send(noUsername, alicesKey);
        send(check(user, 0, IceRole.CONTROLLING, Long.MAX_VALUE, true), alicesKey);
        send(check(user, 0xFFFFFFFFL, IceRole.CONTROLLING, Long.MAX_VALUE, true), alicesKey);
        Request noPriority = check(user, 1, IceRole.CONTROLLING, 1, true);
        noPriority.removeAttribute(org.ice4j.attribute.Attribute.PRIORITY);
        send(noPriority, alicesKey);
        time.advance(Duration.ofMillis(50));

        assertEquals(List.of("error 400", "error 401", "error 401", "error 400", "error 400", "error 400", "error 400"),
                malloryGot);
        // No role change, no peer-reflexive candidate, no check toward Mallory, no event.
        assertEquals(IceRole.CONTROLLED, alice.agent.role());
        assertEquals(List.of("ChecksStarted", "NominationModeChosen"), alice.eventNames());
        assertEquals(1, alice.agent.stats().remoteCandidates().size());
        assertEquals(1, alice.agent.stats().pairs().size());
        assertTrue(net.sent().stream().noneMatch(d -> d.to().equals(MALLORY) && isRequest(d.data())));
    }

    @Test
    void anAuthenticatedCheckWithAnOutOfRangePriorityIsRefused400BeforeAnythingElse() {
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());
        send(check("aliceUfrag:bobUfrag", 0, IceRole.CONTROLLED, 1, false), alicesKey);
        time.advance(Duration.ofMillis(10));
        assertEquals(List.of("error 400"), malloryGot);
        // Not even "the peer has our answer": the check was not valid.
        assertEquals(List.of(), alice.events);
    }

    @Test
    void aForgedSuccessResponseIsIgnoredAndTheRealOneCounts() throws Exception {
        // Mallory is on the path to Bob and reads Alice's check; Bob's own port is silent for now.
        net.filter((from, to) -> !to.equals(BOB));
        alice.agent.start(bob.asRemote());
        time.advance(Duration.ofMillis(1));
        FakeNetwork.Datagram check = net.sent().get(0);
        Request request = (Request) StunCodec.decode(check.data(), check.data().length);

        DatagramPort bobsAddress = net.open(new InetSocketAddress("10.0.0.2", 6001), (p, d, l, f) -> { });
        // A success response spoofed from Bob's address, wrong key (RFC 8489 §9.1.4: discarded).
        Response forged = MessageFactory.createBindingResponse(request, new TransportAddress(ALICE, Transport.UDP));
        forged.setTransactionID(request.getTransactionID());
        byte[] raw = StunCodec.encode(forged, WRONG_KEY, true);
        alice.onPacket(alice.candidates.get(0).port(), raw, raw.length, BOB);
        byte[] noIntegrity = StunCodec.encode(forged, null, true);
        alice.onPacket(alice.candidates.get(0).port(), noIntegrity, noIntegrity.length, BOB);
        time.advance(Duration.ofMillis(150));

        assertEquals(List.of("ChecksStarted", "NominationModeChosen"), alice.eventNames());
        long retransmissions = net.sent().stream().filter(d -> d.to().equals(BOB) && isRequest(d.data())).count();
        assertEquals(2, retransmissions, "the transaction went on: first request and the one at 100 ms");

        // The same response under Bob's key counts: the test can tell the two apart.
        byte[] real = StunCodec.encode(forged, StunCodec.shortTermKey(bob.credentials.pwd()), true);
        alice.onPacket(alice.candidates.get(0).port(), real, real.length, BOB);
        assertEquals(List.of("ChecksStarted", "NominationModeChosen", "PairValidated"), alice.eventNames());
        bobsAddress.close();
    }

    @Test
    void afterCompletionAnAuthenticatedCheckFromANewAddressChangesNothingAndIsNotAnswered() {
        alice.agent.start(bob.asRemote());
        bob.agent.start(alice.asRemote());
        assertTrue(time.advanceUntil(() -> alice.completed() && bob.completed(), Duration.ofSeconds(5)));
        List<String> before = alice.eventNames();
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());

        // Mallory knows Alice's pwd: her checks verify, with a winning role conflict and USE-CANDIDATE.
        send(check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLED, Long.MAX_VALUE, true), alicesKey);
        send(check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING, 1, true), alicesKey);
        send(check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING, 1, true), null);
        time.advance(Duration.ofSeconds(1));

        // RFC 8445 §8.3, §9: a new address after completion takes an ICE restart.
        assertEquals(List.of("error 400"), malloryGot);
        assertEquals(before, alice.eventNames());
        assertEquals(IceRole.CONTROLLED, alice.agent.role());
        assertEquals("10.0.0.1:5000 -> 10.0.0.2:6000", alice.agent.selectedPair(1).orElseThrow().addressSummary());
    }

    @Test
    void aCheckBeforeStartIsAnsweredAndReportedOnce() {
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());
        send(check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING, 1, false), alicesKey);
        send(check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLING, 1, false), alicesKey);
        time.advance(Duration.ofMillis(10));

        assertEquals(List.of("success to 10.6.6.6:6666", "success to 10.6.6.6:6666"), malloryGot);
        assertEquals(List.of(new IceEvent.PeerCheckReceived()), alice.events);
    }

    @Test
    void authenticatedChecksFromThousandsOfAddressesKeepTheCheckListAtOneHundredPairs() {
        net.filter((from, to) -> !to.equals(BOB));
        alice.agent.start(bob.asRemote());
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());
        for (int i = 0; i < 2_000; i++) {
            byte[] raw = StunCodec.encode(check("aliceUfrag:bobUfrag", 1000 + i, IceRole.CONTROLLING, 1, false),
                    alicesKey, true);
            DatagramPort from = net.open(new InetSocketAddress("10.7." + (i / 250) + "." + (i % 250 + 1), 7000),
                    (p, d, l, f) -> { });
            from.send(raw, 0, raw.length, ALICE);
        }
        time.advance(Duration.ofMillis(10));

        // RFC 8445 §6.1.2.5: at most 100 pairs; peer-reflexive candidates only with a pair.
        assertEquals(CheckList.MAX_PAIRS, alice.agent.stats().pairs().size());
        assertEquals(CheckList.MAX_PAIRS, alice.agent.stats().remoteCandidates().size());

        // Two seconds on, every pair is being checked (none can be dropped); lower-priority
        // newcomers are the ones dropped.
        time.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 500; i++) {
            byte[] raw = StunCodec.encode(check("aliceUfrag:bobUfrag", 1 + i, IceRole.CONTROLLING, 1, false),
                    alicesKey, true);
            DatagramPort from = net.open(new InetSocketAddress("10.8." + (i / 250) + "." + (i % 250 + 1), 7000),
                    (p, d, l, f) -> { });
            from.send(raw, 0, raw.length, ALICE);
        }
        time.advance(Duration.ofMillis(10));
        assertEquals(CheckList.MAX_PAIRS, alice.agent.stats().pairs().size());
        assertTrue(alice.agent.stats().pairs().stream().allMatch(p -> p.state().equals("in-progress")));
    }

    @Test
    void malformedInputNeverThrowsOutOfOnRequest() throws Exception {
        net.filter((from, to) -> !to.equals(BOB));
        alice.agent.start(bob.asRemote());
        DatagramPort port = alice.candidates.get(0).port();
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());
        Request signed = check("aliceUfrag:bobUfrag", 1_862_270_975L, IceRole.CONTROLLED, 1, true);
        byte[] raw = StunCodec.encode(signed, alicesKey, true);
        Message decoded = StunCodec.decode(raw, raw.length);

        alice.agent.onRequest(port, decoded, java.util.Arrays.copyOf(raw, 24), MALLORY); // truncated raw: 401
        alice.agent.onRequest(port, decoded, null, MALLORY); // no raw bytes: 401
        alice.agent.onRequest(port, decoded, new byte[65_535], MALLORY); // 64 KB of zeros: 401
        alice.agent.onRequest(port, decoded, raw, InetSocketAddress.createUnresolved("nowhere", 1)); // no address
        alice.agent.onRequest(port, MessageFactory.createBindingIndication(), raw, MALLORY); // a keepalive
        alice.agent.onRequest(port, MessageFactory.createAllocateRequest(), raw, MALLORY); // not a Binding
        alice.agent.onRequest(net.open(new InetSocketAddress("10.0.0.1", 5999), (p, d, l, f) -> { }), decoded, raw,
                MALLORY); // a port that is not the agent's
        time.advance(Duration.ofMillis(10));

        assertEquals(List.of("error 401", "error 401", "error 401"), malloryGot);
        assertEquals(List.of("ChecksStarted", "NominationModeChosen"), alice.eventNames());
    }

    private Request check(String username, long priority, IceRole role, long tieBreaker, boolean useCandidate) {
        Request r = MessageFactory.createBindingRequest();
        r.putAttribute(org.ice4j.attribute.AttributeFactory.createUsernameAttribute(username));
        r.putAttribute(org.ice4j.attribute.AttributeFactory.createPriorityAttribute(1));
        r.putAttribute(role == IceRole.CONTROLLING
                ? org.ice4j.attribute.AttributeFactory.createIceControllingAttribute(tieBreaker)
                : org.ice4j.attribute.AttributeFactory.createIceControlledAttribute(tieBreaker));
        if (useCandidate) {
            r.putAttribute(org.ice4j.attribute.AttributeFactory.createUseCandidateAttribute());
        }
        try {
            r.setTransactionID(TransactionId.random().bytes());
            // ice4j refuses to build PRIORITY 0 or 2^32-1: the value is written into the bytes.
            byte[] raw = StunCodec.encode(r, null, false);
            for (int at = StunCodec.HEADER_LENGTH; at + 8 <= raw.length;
                    at += 4 + ((((raw[at + 2] & 0xFF) << 8 | (raw[at + 3] & 0xFF)) + 3) & ~3)) {
                if (raw[at] == 0x00 && raw[at + 1] == 0x24) {
                    raw[at + 4] = (byte) (priority >> 24);
                    raw[at + 5] = (byte) (priority >> 16);
                    raw[at + 6] = (byte) (priority >> 8);
                    raw[at + 7] = (byte) priority;
                }
            }
            return (Request) StunCodec.decode(raw, raw.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void send(Request request, byte[] key) {
        byte[] raw = StunCodec.encode(request, key, true);
        mallory.send(raw, 0, raw.length, ALICE);
    }

    private static boolean isRequest(byte[] data) {
        return StunCodec.isStun(data, data.length) && data[0] == 0 && data[1] == 1;
    }

    private static String describe(byte[] data, int length) {
        try {
            Message m = StunCodec.decode(data, length);
            if (m.getMessageType() == Message.BINDING_ERROR_RESPONSE) {
                return "error " + (int) Checks.errorCode((Response) m);
            }
            return "success to " + Checks.mappedAddress((Response) m).toString().replaceFirst("^.*/", "");
        } catch (Exception e) {
            return "undecodable " + e.getMessage();
        }
    }
}

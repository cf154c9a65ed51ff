package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.UnknownAttributesAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.sdp.CandidateType;

/**
 * RFC 8489 §6.3.1: an authenticated check carrying a comprehension-required attribute the agent
 * does not know (type below 0x8000) is answered 420 with UNKNOWN-ATTRIBUTES, signed with our pwd,
 * and counts for nothing; an unknown comprehension-optional one (0x8000 and up, like the vendor
 * attributes browsers add) is ignored and the check answered as usual.
 */
class UnknownAttributeTest {
    private static final InetSocketAddress ALICE = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.9", 9000);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(5));
    private final AgentPeer alice = AgentPeer.create("alice", time, IceRole.CONTROLLED, NominationMode.REGULAR, 2);
    private final List<Message> peerGot = new ArrayList<>();
    private final List<byte[]> peerGotRaw = new ArrayList<>();
    private final DatagramPort peer = net.open(PEER, (p, data, length, from) -> {
        try {
            peerGotRaw.add(Arrays.copyOf(data, length));
            peerGot.add(StunCodec.decode(data, length));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    });

    UnknownAttributeTest() {
        alice.addCandidate(net, CandidateType.HOST, 1, ALICE, 65535);
    }

    @Test
    void anUnknownComprehensionRequiredAttributeIsAnswered420AndAnOptionalOneIsIgnored() throws Exception {
        byte[] alicesKey = StunCodec.shortTermKey(alice.credentials.pwd());
        send(checkWith(0x7F01), alicesKey);
        time.advance(Duration.ofMillis(20));

        assertEquals(1, peerGot.size());
        Response refused = (Response) peerGot.get(0);
        assertEquals((int) Message.BINDING_ERROR_RESPONSE, (int) refused.getMessageType(), "a Binding error response");
        assertEquals(420, Checks.errorCode(refused));
        UnknownAttributesAttribute listed = (UnknownAttributesAttribute) refused
                .getAttribute(Attribute.UNKNOWN_ATTRIBUTES);
        assertEquals(1, listed.getAttributeCount());
        assertEquals(0x7F01, (int) listed.getAttribute(0));
        assertTrue(StunCodec.integrityValid(refused, peerGotRaw.get(0), alicesKey), "signed with Alice's pwd");
        // Nothing learnt: no "the peer has our answer", no peer-reflexive candidate.
        assertEquals(List.of(), alice.events);

        send(checkWith(0xC0FF), alicesKey);
        time.advance(Duration.ofMillis(20));
        assertEquals(2, peerGot.size());
        assertEquals((int) Message.BINDING_SUCCESS_RESPONSE, (int) peerGot.get(1).getMessageType(), "a success");
    }

    /** An ICE check (RFC 8445 §7.1.1) with one extra attribute of {@code type}, 4 bytes of value. */
    private static Request checkWith(int type) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        r.putAttribute(AttributeFactory.createUsernameAttribute("aliceUfrag:peerUfrag"));
        r.putAttribute(AttributeFactory.createPriorityAttribute(1_862_270_975L));
        r.putAttribute(AttributeFactory.createIceControllingAttribute(7));
        r.setTransactionID(TransactionId.random().bytes());
        byte[] plain = StunCodec.encode(r, null, false);
        byte[] raw = Arrays.copyOf(plain, plain.length + 8);
        raw[plain.length] = (byte) (type >> 8);
        raw[plain.length + 1] = (byte) type;
        raw[plain.length + 3] = 4;
        int body = raw.length - StunCodec.HEADER_LENGTH;
        raw[2] = (byte) (body >> 8);
        raw[3] = (byte) body;
        return (Request) StunCodec.decode(raw, raw.length);
    }

    private void send(Request request, byte[] key) {
        byte[] raw = StunCodec.encode(request, key, true);
        peer.send(raw, 0, raw.length, ALICE);
    }
}

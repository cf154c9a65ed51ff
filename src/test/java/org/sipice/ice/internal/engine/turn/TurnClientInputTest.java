package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Indication;
import org.ice4j.message.MessageFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.TurnServer;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * What the server's address may send that the client must not trust (RFC 8656 §11.4, §12.6):
 * malformed ChannelData, unknown channels, Data indications without a peer or from a peer with
 * no permission, undecodable STUN, random bytes. All are dropped; nothing throws.
 */
class TurnClientInputTest {
    static final InetSocketAddress CLIENT = TurnClientTest.CLIENT;
    static final InetSocketAddress SERVER = TurnClientTest.SERVER;
    static final InetSocketAddress PEER = TurnClientTest.PEER;
    static final int CHANNEL = 0x4000;

    final FakeScheduler time = new FakeScheduler();
    final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(10));
    final FakeTurnServer server = new FakeTurnServer(time, net, SERVER, TurnClientTest.RELAY);
    final List<String> delivered = new ArrayList<>();
    TurnClient turn;

    @BeforeEach
    void allocateAndBindAChannelToThePeer() {
        TurnClient[] self = new TurnClient[1];
        DatagramPort host = net.open(CLIENT, (port, data, length, from) -> self[0].onPacket(data, length, from));
        turn = self[0] = new TurnClient(time, new StunTransactions(time), host,
                new TurnServer(SERVER, FakeTurnServer.USER, FakeTurnServer.PASSWORD), 1, e -> { },
                (port, data, length, from) -> delivered.add(new String(data, 0, length, StandardCharsets.UTF_8)
                        + " from " + from));
        CompletableFuture<?> f = turn.allocate();
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertTrue(time.advanceUntil(f::isDone, Duration.ofSeconds(1)));
        turn.relayedPort().send(hello, 0, hello.length, PEER);
        time.advance(Duration.ofMillis(100));
        assertEquals(PEER, server.channels().get(CHANNEL));
    }

    static byte[] channelData(int channel, int declaredLength, int actualPayload) {
        byte[] b = new byte[4 + actualPayload];
        b[0] = (byte) (channel >> 8);
        b[1] = (byte) channel;
        b[2] = (byte) (declaredLength >> 8);
        b[3] = (byte) declaredLength;
        for (int i = 4; i < b.length; i++) {
            b[i] = 'x';
        }
        return b;
    }

    static byte[] dataIndication(InetSocketAddress peer, byte[] data, boolean withPeer, boolean withData) {
        TransactionId id = TransactionId.random();
        Indication indication = MessageFactory.createDataIndication(new TransportAddress(peer, Transport.UDP), data,
                id.bytes());
        try {
            indication.setTransactionID(id.bytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (!withPeer) {
            indication.removeAttribute(Attribute.XOR_PEER_ADDRESS);
        }
        if (!withData) {
            indication.removeAttribute(Attribute.DATA);
        }
        return StunCodec.encode(indication, null, true);
    }

    static byte[] withId(org.ice4j.message.Message message) {
        try {
            message.setTransactionID(TransactionId.random().bytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return StunCodec.encode(message, null, true);
    }

    boolean offer(byte[] packet) {
        return turn.onPacket(packet, packet.length, SERVER);
    }

    @Test
    void wellFormedChannelDataAndDataIndicationsAreDelivered() {
        assertTrue(offer(channelData(CHANNEL, 3, 3)));
        assertTrue(offer(channelData(CHANNEL, 2, 4))); // 2 bytes of padding (RFC 8656 §12.5)
        assertTrue(offer(dataIndication(PEER, "hi".getBytes(StandardCharsets.UTF_8), true, true)));

        assertEquals(List.of("xxx from " + PEER, "xx from " + PEER, "hi from " + PEER), delivered);
    }

    @Test
    void malformedOrUnknownChannelDataIsDropped() {
        assertTrue(offer(channelData(CHANNEL, 100, 10)), "shorter than its length");
        assertTrue(offer(channelData(CHANNEL, 2, 10)), "longer than its length and padding");
        assertTrue(offer(new byte[] {0x40, 0x00, 0x00}), "no full header");
        assertTrue(offer(channelData(0x4001, 3, 3)), "a channel never bound");
        assertTrue(offer(channelData(0x5000, 3, 3)), "a reserved number");
        assertTrue(offer(channelData(CHANNEL, 0xFFFF, 65_000)), "a 65 KB datagram");

        assertEquals(List.of(), delivered);
    }

    @Test
    void dataIndicationsWithoutAPeerWithoutDataOrFromAPeerWithoutPermissionAreDropped() {
        byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
        assertTrue(offer(dataIndication(PEER, hi, false, true)));
        assertTrue(offer(dataIndication(PEER, hi, true, false)));
        assertTrue(offer(dataIndication(new InetSocketAddress("203.0.113.66", 6000), hi, true, true)));

        assertEquals(List.of(), delivered);
    }

    @Test
    void undecodableStunAndStrayResponsesAreConsumedAndDropped() {
        byte[] bad = dataIndication(PEER, "hi".getBytes(StandardCharsets.UTF_8), true, true);
        bad[22] = (byte) 0x7F; // the first attribute's length now runs past the message
        assertTrue(offer(bad));
        byte[] strayResponse = withId(MessageFactory.createRefreshResponse(600));
        assertTrue(offer(strayResponse));

        assertEquals(List.of(), delivered);
    }

    @Test
    void whatIsNotTurnIsLeftToTheSession() {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        assertFalse(offer(rtp));
        assertFalse(offer(withId(MessageFactory.createBindingRequest())));
        byte[] fromElsewhere = channelData(CHANNEL, 3, 3);
        assertFalse(turn.onPacket(fromElsewhere, fromElsewhere.length, new InetSocketAddress("192.0.2.10", 3478)));
        assertFalse(turn.onPacket(new byte[0], 0, SERVER));

        assertEquals(List.of(), delivered);
    }

    @Test
    void randomDatagramsFromTheServerNeverThrow() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = new byte[random.nextInt(120)];
            random.nextBytes(packet);
            if (packet.length >= 20 && i % 2 == 0) { // half of them pass the STUN header test
                packet[0] &= 0x01;
                packet[2] = 0;
                packet[3] = (byte) ((packet.length - 20) & ~3);
                packet = java.util.Arrays.copyOf(packet, 20 + (packet[3] & 0xFF));
                packet[4] = 0x21;
                packet[5] = 0x12;
                packet[6] = (byte) 0xA4;
                packet[7] = 0x42;
            }
            turn.onPacket(packet, packet.length, SERVER);
        }
        // Whatever got through was a well-framed ChannelData on our channel: it came from PEER.
        assertTrue(delivered.stream().allMatch(d -> d.endsWith(" from " + PEER)), delivered.toString());
    }
}

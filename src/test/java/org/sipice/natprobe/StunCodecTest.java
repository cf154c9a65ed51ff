package org.sipice.natprobe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The probe's STUN messages, byte for byte (RFC 8489 §5, §14; RFC 5780 §7). */
class StunCodecTest {
    private static final byte[] ID = HexFormat.of().parseHex("0102030405060708090a0b0c");

    @Test
    void bindingRequestWithChangeRequest_carriesTheFlags() {
        byte[] m = StunCodec.bindingRequest(ID, StunCodec.CHANGE_IP | StunCodec.CHANGE_PORT, 0);

        assertEquals("000100082112a442" + "0102030405060708090a0b0c" + "0003000400000006",
                HexFormat.of().formatHex(m));
    }

    @Test
    void bindingRequestWithResponsePort_padsThePort() {
        byte[] m = StunCodec.bindingRequest(ID, 0, 50000);

        assertEquals("000100082112a442" + "0102030405060708090a0b0c" + "00270004c3500000",
                HexFormat.of().formatHex(m));
    }

    @Test
    void successResponse_yieldsXorMappedOtherAddressAndResponseOrigin() {
        ByteBuffer b = ByteBuffer.allocate(56);
        b.putShort((short) 0x0101).putShort((short) 36).putInt(StunCodec.MAGIC_COOKIE).put(ID);
        // XOR-MAPPED-ADDRESS 203.0.113.11:49049
        b.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1)
                .putShort((short) (49049 ^ 0x2112)).putInt(0xCB00710B ^ StunCodec.MAGIC_COOKIE);
        // OTHER-ADDRESS 203.0.113.2:3479
        b.putShort((short) 0x802C).putShort((short) 8).put((byte) 0).put((byte) 1).putShort((short) 3479)
                .putInt(0xCB007102);
        // RESPONSE-ORIGIN 203.0.113.1:3478
        b.putShort((short) 0x802B).putShort((short) 8).put((byte) 0).put((byte) 1).putShort((short) 3478)
                .putInt(0xCB007101);

        StunCodec.Response r = StunCodec.decodeResponse(b.array(), b.position()).orElseThrow();

        assertTrue(r.success());
        assertArrayEquals(ID, r.transactionId());
        assertEquals(new InetSocketAddress("203.0.113.11", 49049), r.mapped().orElseThrow());
        assertEquals(new InetSocketAddress("203.0.113.2", 3479), r.otherAddress().orElseThrow());
        assertEquals(new InetSocketAddress("203.0.113.1", 3478), r.responseOrigin().orElseThrow());
    }

    @Test
    void notStun_isIgnored() {
        byte[] rtp = new byte[40];
        rtp[0] = (byte) 0x80;

        assertTrue(StunCodec.decodeResponse(rtp, rtp.length).isEmpty());
        assertTrue(!StunCodec.isBindingRequest(rtp, rtp.length));
    }

    @Test
    void lifetimeSchedule_doublesUpToTheMax() {
        assertEquals("[PT1S, PT2S, PT4S, PT6S]", LifetimeSchedule.waits(java.time.Duration.ofSeconds(6)).toString());
        assertEquals("[]", LifetimeSchedule.waits(java.time.Duration.ZERO).toString());
    }
}

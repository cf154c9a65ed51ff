package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TURN messages cut back out of a TCP stream (RFC 8656 §3.1, §12.5). */
class StreamFramingTest {
    /** A Binding success header with 8 bytes of attributes: 28 bytes. */
    private static final byte[] STUN = stun(8);
    /** ChannelData on channel 0x4000 with 5 bytes of data, padded to 8 on TCP: 12 bytes. */
    private static final byte[] CHANNEL_DATA = {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0};

    private final StreamFraming framing = new StreamFraming();
    private final List<byte[]> messages = new ArrayList<>();

    @Test
    void aStunMessageAndAChannelDataMessageCoalescedInOneReadComeOutAsTwo() throws Exception {
        feed(concat(STUN, CHANNEL_DATA));

        assertEquals(2, messages.size());
        assertArrayEquals(STUN, messages.get(0));
        assertArrayEquals(CHANNEL_DATA, messages.get(1), "with its padding, which ChannelData.payloadLength accepts");
        assertEquals(5, ChannelData.payloadLength(messages.get(1), messages.get(1).length));
        assertEquals(0, framing.pending());
    }

    @Test
    void messagesSplitAcrossReadsAtEveryByteComeOutWholeAndOnlyOnceComplete() throws Exception {
        byte[] stream = concat(CHANNEL_DATA, STUN, CHANNEL_DATA);
        for (int i = 0; i < stream.length; i++) {
            feed(new byte[] {stream[i]});
            int expected = i + 1 < CHANNEL_DATA.length ? 0
                    : i + 1 < CHANNEL_DATA.length + STUN.length ? 1
                    : i + 1 < stream.length ? 2 : 3;
            assertEquals(expected, messages.size(), "after byte " + i);
        }
        assertArrayEquals(CHANNEL_DATA, messages.get(0));
        assertArrayEquals(STUN, messages.get(1));
        assertArrayEquals(CHANNEL_DATA, messages.get(2));
    }

    @Test
    void aHeaderSplitInTheMiddleOfItsLengthFieldWaitsForTheRest() throws Exception {
        feed(Arrays.copyOfRange(STUN, 0, 3));
        assertTrue(messages.isEmpty());
        feed(Arrays.copyOfRange(STUN, 3, STUN.length));
        assertEquals(1, messages.size());
    }

    @Test
    void channelDataIsPaddedToAMultipleOfFourOnTcp() {
        assertEquals(0, StreamFraming.padded(0));
        assertEquals(4, StreamFraming.padded(1));
        assertEquals(4, StreamFraming.padded(4));
        assertEquals(8, StreamFraming.padded(5));
        assertEquals(172, StreamFraming.padded(172));
    }

    @Test
    void aByteThatIsNeitherStunNorChannelDataLosesTheStream() {
        // RFC 7983: 128-191 is RTP/RTCP, which never travels on the connection to a TURN server.
        byte[] rtp = {(byte) 0x80, 0, 0, 0};
        StreamFraming.FramingException e = assertThrows(StreamFraming.FramingException.class, () -> feed(rtp));
        assertTrue(e.getMessage().contains("0x80"), e.getMessage());
    }

    @Test
    void aLargeMessageGrowsTheBuffer() throws Exception {
        byte[] big = stun(60_000);
        feed(concat(big, STUN));
        assertEquals(2, messages.size());
        assertArrayEquals(big, messages.get(0));
    }

    private void feed(byte[] bytes) throws StreamFraming.FramingException {
        framing.feed(bytes, 0, bytes.length, (message, length) -> {
            assertEquals(message.length, (int) length);
            messages.add(message);
        });
    }

    private static byte[] stun(int attributes) {
        byte[] m = new byte[20 + attributes];
        m[0] = 0x01;
        m[1] = 0x01;
        m[2] = (byte) (attributes >> 8);
        m[3] = (byte) attributes;
        m[4] = 0x21;
        m[5] = 0x12;
        m[6] = (byte) 0xA4;
        m[7] = 0x42;
        for (int i = 20; i < m.length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

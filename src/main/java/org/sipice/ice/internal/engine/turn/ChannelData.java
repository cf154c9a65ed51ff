package org.sipice.ice.internal.engine.turn;

/**
 * The ChannelData message (RFC 8656 §12.4): a 4-byte header (channel number, length) and the
 * application data, the relay's framing once a channel is bound. Over UDP no padding is sent
 * (§12.5) and up to 3 bytes of padding are accepted on receipt.
 */
final class ChannelData {
    static final int HEADER_LENGTH = 4;
    /** RFC 8656 §12: channel numbers 0x4000 through 0x4FFF. */
    static final int FIRST_CHANNEL = 0x4000;
    static final int LAST_CHANNEL = 0x4FFF;
    /** The largest payload: the 16-bit length field, within one UDP datagram (65,507 bytes). */
    static final int MAX_PAYLOAD = 65_507 - HEADER_LENGTH;

    private ChannelData() {
    }

    /**
     * RFC 7983 §7 and RFC 8656 §12: a datagram whose first two bits are 01 is ChannelData (first
     * byte 64-127), never STUN (00) or RTP (10).
     */
    static boolean looksLike(byte[] data, int length) {
        return length >= 1 && (data[0] & 0xC0) == 0x40;
    }

    static boolean isChannel(int number) {
        return number >= FIRST_CHANNEL && number <= LAST_CHANNEL;
    }

    /** The channel number of a datagram {@link #looksLike} accepted and that has a header. */
    static int channel(byte[] data) {
        return ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    }

    /**
     * The length of the application data, or -1 when the datagram is malformed (RFC 8656 §12.6:
     * shorter than its length field says, or longer than the field plus padding).
     */
    static int payloadLength(byte[] data, int length) {
        if (length < HEADER_LENGTH) {
            return -1;
        }
        int declared = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        int trailing = length - HEADER_LENGTH - declared;
        return trailing >= 0 && trailing <= 3 ? declared : -1;
    }

    /** Frames {@code length} bytes of {@code data} from {@code offset} for {@code channel}. */
    static byte[] frame(int channel, byte[] data, int offset, int length) {
        byte[] out = new byte[HEADER_LENGTH + length];
        out[0] = (byte) (channel >> 8);
        out[1] = (byte) channel;
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
        System.arraycopy(data, offset, out, HEADER_LENGTH, length);
        return out;
    }
}

package org.sipice.ice.internal.engine.turn;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * TURN over a stream (RFC 8656 §3.1): STUN messages and ChannelData messages follow each other
 * with no other framing, each delimited by its own length field. A STUN message (first two bits
 * 00) is its 20-byte header plus the length in bytes 2-3 (RFC 8489 §5); a ChannelData message
 * (first two bits 01) is its 4-byte header plus its length rounded up to a multiple of 4, the
 * padding being mandatory over TCP (RFC 8656 §12.5). Anything else means the stream is lost.
 *
 * <p>Reassembles what TCP delivers in arbitrary pieces into whole messages. One per connection;
 * used on the connection's thread only.
 */
final class StreamFraming {
    /** The STUN header (RFC 8489 §5). */
    private static final int STUN_HEADER = 20;

    private byte[] buffer = new byte[2048];
    private int filled;

    /** Thrown when the stream holds something neither STUN nor ChannelData. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;

        FramingException(String message) {
            super(message);
        }
    }

    /**
     * Adds {@code length} bytes that arrived and hands every message now complete to
     * {@code message} (its bytes, from offset 0, and its length, ChannelData padding included).
     */
    void feed(byte[] data, int offset, int length, BiConsumer<byte[], Integer> message) throws FramingException {
        if (filled + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, filled + length));
        }
        System.arraycopy(data, offset, buffer, filled, length);
        filled += length;
        int start = 0;
        while (true) {
            int frame = frameLength(buffer, start, filled - start);
            if (frame < 0 || filled - start < frame) {
                break;
            }
            message.accept(Arrays.copyOfRange(buffer, start, start + frame), frame);
            start += frame;
        }
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        filled -= start;
    }

    /** Bytes held for a message not yet complete. */
    int pending() {
        return filled;
    }

    /**
     * The length of the message starting at {@code offset}, or -1 while its header is incomplete.
     */
    static int frameLength(byte[] data, int offset, int available) throws FramingException {
        if (available < 1) {
            return -1;
        }
        int kind = data[offset] & 0xC0;
        if (kind == 0x00) {
            return available < 4 ? -1 : STUN_HEADER + length(data, offset);
        }
        if (kind == 0x40) {
            return available < 4 ? -1 : ChannelData.HEADER_LENGTH + padded(length(data, offset));
        }
        throw new FramingException(String.format("neither STUN nor ChannelData on the stream (first byte 0x%02x)",
                data[offset] & 0xFF));
    }

    /** RFC 8656 §12.5: over TCP, ChannelData is padded to a multiple of four bytes. */
    static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static int length(byte[] data, int offset) {
        return ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }
}

package org.sipice.ice.internal.engine.tcp;

import java.util.Arrays;

/**
 * RFC 4571 §2 framing, which ICE-TCP uses for everything on a connection, STUN checks and media
 * alike (RFC 6544 §3): each packet is preceded by its length, a 16-bit unsigned integer in network
 * byte order, so a packet carries at most 65535 bytes. One reader per connection, on the
 * connection's thread.
 */
final class Rfc4571Framing {
    /** RFC 4571 §2: the LENGTH field is 16 bits. */
    static final int MAX_PACKET = 0xFFFF;
    /** The LENGTH field itself. */
    static final int HEADER = 2;

    private byte[] buffer = new byte[2048];
    private int filled;

    /** Where whole packets go: {@code data} is the receiver's, {@code length} bytes from offset 0. */
    @FunctionalInterface
    interface Packets {
        void packet(byte[] data, int length);
    }

    /** The packet with its LENGTH prefix; a packet over 65535 bytes cannot be framed (RFC 4571 §2). */
    static byte[] frame(byte[] data, int offset, int length) {
        if (length < 0 || length > MAX_PACKET) {
            throw new IllegalArgumentException("RFC 4571 frames at most 65535 bytes, not " + length);
        }
        byte[] framed = new byte[HEADER + length];
        framed[0] = (byte) (length >>> 8);
        framed[1] = (byte) length;
        System.arraycopy(data, offset, framed, HEADER, length);
        return framed;
    }

    /**
     * Adds {@code length} bytes as the stream delivered them (any split) and hands each packet now
     * complete to {@code packets}, in order; a partial packet waits for the next bytes.
     */
    void feed(byte[] data, int offset, int length, Packets packets) {
        if (filled + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, filled + length));
        }
        System.arraycopy(data, offset, buffer, filled, length);
        filled += length;
        int start = 0;
        while (filled - start >= HEADER) {
            int size = ((buffer[start] & 0xFF) << 8) | (buffer[start + 1] & 0xFF);
            if (filled - start < HEADER + size) {
                break;
            }
            packets.packet(Arrays.copyOfRange(buffer, start + HEADER, start + HEADER + size), size);
            start += HEADER + size;
        }
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        filled -= start;
    }

    /** Bytes held for a packet not yet complete. */
    int pending() {
        return filled;
    }
}

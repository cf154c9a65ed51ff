package org.sipice.media;

import java.nio.ByteBuffer;

/** Builds and reads minimal RTP packets (RFC 3550 §5.1): the demo's and the tests' media. */
public final class RtpPacket {
    private RtpPacket() {
    }

    public static byte[] packet(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) (payloadType & 0x7f)).putShort((short) sequence)
                .putInt((int) timestamp).putInt((int) ssrc).put(payload);
        return b.array();
    }

    public static int sequence(byte[] packet) {
        return ByteBuffer.wrap(packet).getShort(2) & 0xffff;
    }

    public static long ssrc(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(8) & 0xffffffffL;
    }
}

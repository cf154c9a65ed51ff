package org.sipice.testing;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * What a test needs to know about a STUN message on the wire (RFC 8489 §5, §14): its type, its
 * transaction id and which attributes it carries. Not a parser for anything else.
 *
 * @param type the message type, e.g. {@link #BINDING_REQUEST}
 * @param transactionId the 96-bit transaction id, in hex
 * @param attributes the attribute types present, e.g. {@link #USE_CANDIDATE}
 */
public record StunPeek(int type, String transactionId, Set<Integer> attributes) {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    /** RFC 8445 §16.1. */
    public static final int USE_CANDIDATE = 0x0025;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER = 20;

    /** The STUN message in {@code data}, or empty if it is not one (RTP, garbage). */
    public static Optional<StunPeek> parse(byte[] data, int offset, int length) {
        if (length < HEADER || (data[offset] & 0xC0) != 0 || int32(data, offset + 4) != MAGIC_COOKIE) {
            return Optional.empty();
        }
        int type = int16(data, offset);
        int bodyLength = int16(data, offset + 2);
        if (HEADER + bodyLength > length) {
            return Optional.empty();
        }
        String transactionId = HexFormat.of().formatHex(data, offset + 8, offset + HEADER);
        Set<Integer> attributes = new HashSet<>();
        int at = offset + HEADER;
        int end = offset + HEADER + bodyLength;
        while (at + 4 <= end) {
            attributes.add(int16(data, at));
            at += 4 + ((int16(data, at + 2) + 3) & ~3); // values are padded to 4 bytes
        }
        return Optional.of(new StunPeek(type, transactionId, Set.copyOf(attributes)));
    }

    public boolean isBindingRequest() {
        return type == BINDING_REQUEST;
    }

    public boolean isSuccessResponse() {
        return type == BINDING_SUCCESS;
    }

    public boolean useCandidate() {
        return attributes.contains(USE_CANDIDATE);
    }

    private static int int16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int int32(byte[] b, int i) {
        return (int16(b, i) << 16) | int16(b, i + 2);
    }
}

package org.sipice.ice.internal.engine.mux;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * What the UDP mux reads of a STUN datagram to route it, without decoding it: the class of the
 * message, its transaction id, and the receiver's ufrag in USERNAME. The session that gets the
 * datagram decodes and authenticates it in full; the mux only chooses the session.
 */
final class StunPeek {
    /** RFC 8489 §14.3: USERNAME. */
    private static final int USERNAME = 0x0006;
    /** RFC 8489 §14.3: USERNAME is below 513 bytes; a longer one is malformed. */
    private static final int MAX_USERNAME = 512;
    /** RFC 8489 §5: the transaction id follows the type, length and magic cookie. */
    private static final int TRANSACTION_ID_OFFSET = 8;
    private static final int TRANSACTION_ID_LENGTH = 12;

    private StunPeek() {
    }

    /**
     * {@link StunCodec#isStun} for a datagram at {@code offset} of {@code data}: the first two bits
     * zero, the magic cookie, and a length field covering exactly the rest in whole 32-bit words
     * (RFC 8489 §5, RFC 7983 §7).
     */
    static boolean isStun(byte[] data, int offset, int length) {
        if (length < StunCodec.HEADER_LENGTH || (data[offset] & 0xC0) != 0) {
            return false;
        }
        int cookie = ((data[offset + 4] & 0xFF) << 24) | ((data[offset + 5] & 0xFF) << 16)
                | ((data[offset + 6] & 0xFF) << 8) | (data[offset + 7] & 0xFF);
        int bodyLength = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        return cookie == StunCodec.MAGIC_COOKIE && (bodyLength & 3) == 0
                && StunCodec.HEADER_LENGTH + bodyLength == length;
    }

    /** RFC 8489 §5: the class bits C1 C0 (0x0110 of the type): 00 request. */
    static boolean isRequest(byte[] data, int offset) {
        return (messageType(data, offset) & 0x0110) == 0x0000;
    }

    /** RFC 8489 §5: 01 indication. */
    static boolean isIndication(byte[] data, int offset) {
        return (messageType(data, offset) & 0x0110) == 0x0010;
    }

    /** RFC 8489 §5: 10 success response, 11 error response. */
    static boolean isResponse(byte[] data, int offset) {
        return (messageType(data, offset) & 0x0100) != 0;
    }

    /** The 96-bit transaction id (RFC 8489 §5) of a datagram {@link StunCodec#isStun} accepted. */
    static TransactionId transactionId(byte[] data, int offset) {
        int from = offset + TRANSACTION_ID_OFFSET;
        return TransactionId.of(Arrays.copyOfRange(data, from, from + TRANSACTION_ID_LENGTH));
    }

    /**
     * RFC 8445 §7.2.2: a check's USERNAME is "receiver-ufrag:sender-ufrag"; the part before the
     * first colon names the session it is for. Null when the message has no USERNAME or its
     * attributes run past the datagram (the session never sees such a datagram from a new address).
     */
    static String receiverUfrag(byte[] data, int length) {
        int at = StunCodec.HEADER_LENGTH;
        while (at + 4 <= length) {
            int type = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
            int attributeLength = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            int value = at + 4;
            if (value + attributeLength > length) {
                return null;
            }
            if (type == USERNAME) {
                if (attributeLength > MAX_USERNAME) {
                    return null;
                }
                int end = value;
                while (end < value + attributeLength && data[end] != ':') {
                    end++;
                }
                return end > value ? new String(data, value, end - value, StandardCharsets.UTF_8) : null;
            }
            // RFC 8489 §14: attribute values are padded to a multiple of 4 bytes.
            at = value + ((attributeLength + 3) & ~3);
        }
        return null;
    }

    private static int messageType(byte[] data, int offset) {
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }
}

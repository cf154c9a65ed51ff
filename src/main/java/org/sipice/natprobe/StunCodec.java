package org.sipice.natprobe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The few STUN messages NAT behaviour discovery needs (RFC 8489 §5, RFC 5780 §7): a Binding
 * request, optionally with CHANGE-REQUEST or RESPONSE-PORT, and the addresses of a Binding
 * success response. IPv4 only, no authentication: RFC 5780 §4.1 probes are unauthenticated
 * Binding requests to a server's primary address.
 */
final class StunCodec {
    /** RFC 8489 §5: the magic cookie. */
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    static final int MAPPED_ADDRESS = 0x0001;
    /** RFC 5780 §7.2: flags 0x4 change IP, 0x2 change port. */
    static final int CHANGE_REQUEST = 0x0003;
    static final int ERROR_CODE = 0x0009;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 5780 §7.5: send the response to this port (at the request's source address). */
    static final int RESPONSE_PORT = 0x0027;
    /** RFC 5780 §7.3: where the response was sent from. */
    static final int RESPONSE_ORIGIN = 0x802B;
    /** RFC 5780 §7.4: the server's alternate address and port. */
    static final int OTHER_ADDRESS = 0x802C;

    static final int CHANGE_IP = 0x4;
    static final int CHANGE_PORT = 0x2;

    private static final int HEADER = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A decoded response: its transaction and the addresses it carried (absent when missing). */
    record Response(byte[] transactionId, boolean success, int errorCode, Optional<InetSocketAddress> mapped,
            Optional<InetSocketAddress> otherAddress, Optional<InetSocketAddress> responseOrigin) {
    }

    private StunCodec() {
    }

    static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    /**
     * A Binding request.
     *
     * @param changeFlags CHANGE-REQUEST flags ({@link #CHANGE_IP}, {@link #CHANGE_PORT}), 0 for none
     * @param responsePort RESPONSE-PORT, 0 for none
     */
    static byte[] bindingRequest(byte[] transactionId, int changeFlags, int responsePort) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + 16);
        b.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
        if (changeFlags != 0) {
            b.putShort((short) CHANGE_REQUEST).putShort((short) 4).putInt(changeFlags);
        }
        if (responsePort != 0) {
            // RFC 5780 §7.5: a 16-bit port followed by two bytes of padding.
            b.putShort((short) RESPONSE_PORT).putShort((short) 4).putShort((short) responsePort).putShort((short) 0);
        }
        int length = b.position() - HEADER;
        b.putShort(2, (short) length);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** The transaction ID of a STUN message, or empty when {@code data} is not STUN. */
    static Optional<byte[]> transactionId(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xC0) != 0
                || ByteBuffer.wrap(data, 4, 4).getInt() != MAGIC_COOKIE) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(data, 8, HEADER));
    }

    /** True for a Binding request (what the hairpinning test sends to itself). */
    static boolean isBindingRequest(byte[] data, int length) {
        return transactionId(data, length).isPresent() && ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) == BINDING_REQUEST;
    }

    /** Decodes a Binding response, or empty when {@code data} is not one. */
    static Optional<Response> decodeResponse(byte[] data, int length) {
        Optional<byte[]> id = transactionId(data, length);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int type = b.getShort(0) & 0xFFFF;
        if (type != BINDING_SUCCESS && type != BINDING_ERROR) {
            return Optional.empty();
        }
        int end = Math.min(length, HEADER + (b.getShort(2) & 0xFFFF));
        InetSocketAddress mapped = null;
        InetSocketAddress xorMapped = null;
        InetSocketAddress other = null;
        InetSocketAddress origin = null;
        int error = 0;
        int at = HEADER;
        while (at + 4 <= end) {
            int attr = b.getShort(at) & 0xFFFF;
            int len = b.getShort(at + 2) & 0xFFFF;
            int value = at + 4;
            if (value + len > end) {
                break;
            }
            switch (attr) {
                case MAPPED_ADDRESS -> mapped = address(data, value, len, false);
                case XOR_MAPPED_ADDRESS -> xorMapped = address(data, value, len, true);
                case OTHER_ADDRESS -> other = address(data, value, len, false);
                case RESPONSE_ORIGIN -> origin = address(data, value, len, false);
                case ERROR_CODE -> error = len >= 4 ? (data[value + 2] & 0x7) * 100 + (data[value + 3] & 0xFF) : 0;
                default -> {
                    // not needed by the probe
                }
            }
            at = value + ((len + 3) & ~3);
        }
        return Optional.of(new Response(id.get(), type == BINDING_SUCCESS, error,
                Optional.ofNullable(xorMapped != null ? xorMapped : mapped), Optional.ofNullable(other),
                Optional.ofNullable(origin)));
    }

    /** RFC 8489 §14.1/§14.2: family 0x01 (IPv4), port, address; XOR'd with the cookie when asked. */
    private static InetSocketAddress address(byte[] data, int at, int len, boolean xor) {
        if (len < 8 || data[at + 1] != 0x01) {
            return null;
        }
        int port = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
        byte[] ip = Arrays.copyOfRange(data, at + 4, at + 8);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
            byte[] cookie = ByteBuffer.allocate(4).putInt(MAGIC_COOKIE).array();
            for (int i = 0; i < 4; i++) {
                ip[i] ^= cookie[i];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null; // four bytes are always a valid IPv4 address
        }
    }
}

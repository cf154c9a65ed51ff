package org.sipice.ice.internal.engine.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;

/**
 * STUN messages to and from bytes (RFC 8489 §5, §14): ice4j's message and attribute codec,
 * with MESSAGE-INTEGRITY and FINGERPRINT computed here from a key the caller passes, so that no
 * ice4j {@code StunStack} (its sockets, credentials registry and threads) is ever created.
 *
 * <p>The engine's only door to ice4j's codec together with the TURN classes of this package:
 * every message the engine sends or reads passes through here.
 */
public final class StunCodec {
    /** RFC 8489 §5: the magic cookie, 0x2112A442. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** RFC 8489 §5: the header is 20 bytes. */
    public static final int HEADER_LENGTH = 20;
    private static final int INTEGRITY_LENGTH = 4 + 20;
    private static final int FINGERPRINT_LENGTH = 4 + 4;

    private StunCodec() {
    }

    /**
     * RFC 8489 §5 and RFC 7983 §7: a datagram is STUN when its first two bits are zero, it
     * carries the magic cookie, and its length field covers exactly the rest of the datagram
     * in whole 32-bit words. RTP (first byte 128-191) and TURN ChannelData (64-79) never pass.
     */
    public static boolean isStun(byte[] data, int length) {
        if (length < HEADER_LENGTH || (data[0] & 0xC0) != 0) {
            return false;
        }
        int cookie = ((data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        int bodyLength = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        return cookie == MAGIC_COOKIE && (bodyLength & 3) == 0 && HEADER_LENGTH + bodyLength == length;
    }

    /**
     * Decodes a datagram that {@link #isStun} accepted. A FINGERPRINT, when present, is checked
     * by ice4j's decoder (RFC 8489 §14.7).
     *
     * @throws StunFormatException when the attributes are malformed
     */
    public static Message decode(byte[] data, int length) throws StunFormatException {
        try {
            return Message.decode(data, 0, length);
        } catch (StunException | RuntimeException e) {
            throw new StunFormatException("malformed STUN message: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes {@code message}. With a key, MESSAGE-INTEGRITY is appended (RFC 8489 §14.5:
     * HMAC-SHA1 over the message up to it, the length field already covering it); with
     * {@code fingerprint}, FINGERPRINT goes last (RFC 8489 §14.7). Any MESSAGE-INTEGRITY or
     * FINGERPRINT attribute already in the message is replaced.
     *
     * @param key the short-term key (the password, {@link #shortTermKey}) or the long-term key
     *            ({@link #longTermKey}); null for none
     */
    public static byte[] encode(Message message, byte[] key, boolean fingerprint) {
        // The framing is ours, the attributes ice4j's: Message.encode would first read ice4j's
        // process-wide AgentConfig (for a SOFTWARE attribute we never send), whose first load
        // costs 0.5-5 s of configuration parsing in the middle of the first call's checks.
        List<byte[]> attributes = new ArrayList<>();
        int bodyLength = 0;
        for (Attribute a : message.getAttributes()) {
            char type = a.getAttributeType();
            if (type == Attribute.MESSAGE_INTEGRITY || type == Attribute.FINGERPRINT) {
                continue;
            }
            // ice4j's encode() of some attributes (REALM, NONCE...) returns trailing bytes beyond
            // the padded length; the length field is what counts (RFC 8489 §14).
            byte[] encoded = Arrays.copyOf(a.encode(), padded(4 + a.getDataLength()));
            attributes.add(encoded);
            bodyLength += encoded.length;
        }
        byte[] id = message.getTransactionID();
        if (id == null || id.length != 12) {
            throw new IllegalStateException("a STUN message needs a 96-bit transaction id (RFC 8489 §5)");
        }
        byte[] body = new byte[HEADER_LENGTH + bodyLength];
        char type = message.getMessageType();
        body[0] = (byte) (type >> 8);
        body[1] = (byte) type;
        body[4] = (byte) (MAGIC_COOKIE >>> 24);
        body[5] = (byte) (MAGIC_COOKIE >>> 16);
        body[6] = (byte) (MAGIC_COOKIE >>> 8);
        body[7] = (byte) MAGIC_COOKIE;
        System.arraycopy(id, 0, body, 8, 12);
        int offset = HEADER_LENGTH;
        for (byte[] encoded : attributes) {
            System.arraycopy(encoded, 0, body, offset, encoded.length);
            offset += encoded.length;
        }
        int size = body.length + (key != null ? INTEGRITY_LENGTH : 0) + (fingerprint ? FINGERPRINT_LENGTH : 0);
        byte[] out = Arrays.copyOf(body, size);
        int at = body.length;
        if (key != null) {
            setLength(out, at + INTEGRITY_LENGTH - HEADER_LENGTH);
            byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(out, 0, at, key);
            putAttributeHeader(out, at, Attribute.MESSAGE_INTEGRITY, 20);
            System.arraycopy(hmac, 0, out, at + 4, 20);
            at += INTEGRITY_LENGTH;
        }
        if (fingerprint) {
            setLength(out, at + FINGERPRINT_LENGTH - HEADER_LENGTH);
            byte[] crc = FingerprintAttribute.calculateXorCRC32(out, 0, at);
            putAttributeHeader(out, at, Attribute.FINGERPRINT, 4);
            System.arraycopy(crc, 0, out, at + 4, 4);
            at += FINGERPRINT_LENGTH;
        }
        setLength(out, at - HEADER_LENGTH);
        return out;
    }

    /**
     * RFC 8489 §14.5: true when the message carries MESSAGE-INTEGRITY and it verifies with
     * {@code key} over {@code raw} (the datagram the message was decoded from). False when the
     * attribute is absent: a check or response without it never counts (RFC 8445 §7.2.2).
     */
    public static boolean integrityValid(Message message, byte[] raw, byte[] key) {
        Attribute attribute = message.getAttribute(Attribute.MESSAGE_INTEGRITY);
        if (!(attribute instanceof MessageIntegrityAttribute) || raw == null || key == null) {
            return false;
        }
        MessageIntegrityAttribute integrity = (MessageIntegrityAttribute) attribute;
        int location = integrity.getLocationInMessage();
        if (location < HEADER_LENGTH || location + INTEGRITY_LENGTH > raw.length) {
            return false;
        }
        byte[] covered = Arrays.copyOf(raw, location);
        setLength(covered, location + INTEGRITY_LENGTH - HEADER_LENGTH);
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(covered, 0, covered.length, key);
        return MessageDigest.isEqual(expected, integrity.getHmacSha1Content());
    }

    /** RFC 8489 §9.1.1: the short-term key is the password itself (ICE's ice-pwd, RFC 8445 §7.2.2). */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 8489 §9.2.2: the long-term key, MD5(username ":" realm ":" password), for TURN. */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static void setLength(byte[] message, int bodyLength) {
        message[2] = (byte) (bodyLength >> 8);
        message[3] = (byte) bodyLength;
    }

    private static void putAttributeHeader(byte[] out, int at, char type, int length) {
        out[at] = (byte) (type >> 8);
        out[at + 1] = (byte) type;
        out[at + 2] = (byte) (length >> 8);
        out[at + 3] = (byte) length;
    }
}

package org.sipice.ice.internal.nomination;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;
import org.ice4j.stack.RawMessage;

/**
 * MESSAGE-INTEGRITY under ICE's short-term credentials (RFC 8445 §7.2.2, RFC 8489 §9.1): the
 * check that ice4j does for requests but never for responses.
 */
public final class ShortTermIntegrity {
    private ShortTermIntegrity() {
    }

    /**
     * RFC 8489 §14.5: the HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the length
     * field covering MESSAGE-INTEGRITY, keyed with {@code password} (for a response: the peer's
     * pwd, which signed it). False when the attribute is absent.
     */
    public static boolean verifies(Message message, RawMessage raw, String password) {
        Attribute attribute = message.getAttribute(Attribute.MESSAGE_INTEGRITY);
        if (!(attribute instanceof MessageIntegrityAttribute) || raw == null || password == null) {
            return false;
        }
        MessageIntegrityAttribute integrity = (MessageIntegrityAttribute) attribute;
        int location = integrity.getLocationInMessage();
        byte[] bytes = raw.getBytes();
        if (location <= 0 || location > bytes.length) {
            return false;
        }
        byte[] covered = Arrays.copyOf(bytes, location);
        int length = location + Attribute.HEADER_LENGTH + integrity.getDataLength() - Message.HEADER_LENGTH;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) (length & 0xFF);
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(covered, 0, covered.length,
                password.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, integrity.getHmacSha1Content());
    }
}

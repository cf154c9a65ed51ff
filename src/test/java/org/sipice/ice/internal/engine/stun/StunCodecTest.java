package org.sipice.ice.internal.engine.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;

class StunCodecTest {

    private static byte[] check(byte[] key) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        r.setTransactionID(TransactionId.random().bytes());
        r.putAttribute(AttributeFactory.createUsernameAttribute("bobU:aliceU"));
        r.putAttribute(AttributeFactory.createPriorityAttribute(0x6e0001ffL));
        return StunCodec.encode(r, key, true);
    }

    @Test
    void aCheckSignedWithThePeersPasswordVerifiesWithItAndWithNothingElse() throws Exception {
        byte[] key = StunCodec.shortTermKey("bobs-password-0123456789");
        byte[] bytes = check(key);

        assertTrue(StunCodec.isStun(bytes, bytes.length));
        Message decoded = StunCodec.decode(bytes, bytes.length);
        assertEquals(Message.BINDING_REQUEST, decoded.getMessageType());
        assertEquals("bobU:aliceU", new String(((UsernameAttribute) decoded.getAttribute(Attribute.USERNAME))
                .getUsername(), StandardCharsets.UTF_8));
        assertEquals(0x6e0001ffL, ((PriorityAttribute) decoded.getAttribute(Attribute.PRIORITY)).getPriority());
        assertTrue(StunCodec.integrityValid(decoded, bytes, key));
        assertFalse(StunCodec.integrityValid(decoded, bytes, StunCodec.shortTermKey("an-attackers-guess")));
    }

    @Test
    void withoutAKeyThereIsNoIntegrityAndNothingVerifies() throws Exception {
        byte[] bytes = check(null);
        Message decoded = StunCodec.decode(bytes, bytes.length);
        assertEquals(null, decoded.getAttribute(Attribute.MESSAGE_INTEGRITY));
        assertFalse(StunCodec.integrityValid(decoded, bytes, StunCodec.shortTermKey("x")));
    }

    @Test
    void oneFlippedBitBreaksTheFingerprintOrTheIntegrity() throws Exception {
        byte[] key = StunCodec.shortTermKey("pw");
        byte[] bytes = check(key);
        bytes[30] ^= 1; // inside USERNAME
        Message decoded;
        try {
            decoded = StunCodec.decode(bytes, bytes.length);
        } catch (StunFormatException fingerprintCaughtIt) {
            return;
        }
        assertFalse(StunCodec.integrityValid(decoded, bytes, key));
    }

    @Test
    void rtpChannelDataAndTruncatedMessagesAreNotStun() throws Exception {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        assertFalse(StunCodec.isStun(rtp, rtp.length));
        byte[] channelData = {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4};
        assertFalse(StunCodec.isStun(channelData, channelData.length));
        byte[] bytes = check(null);
        assertFalse(StunCodec.isStun(bytes, bytes.length - 4));
        byte[] garbage = bytes.clone();
        garbage[21] = (byte) 0xFF; // the first attribute claims 65 KB
        garbage[22] = (byte) 0xFF;
        assertThrows(StunFormatException.class, () -> StunCodec.decode(garbage, garbage.length));
    }

    @Test
    void theLongTermKeyIsTheMd5OfUserRealmAndPassword() {
        // RFC 5769 §2.4's credentials: user "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9" is SASLprep'd; a
        // plain ASCII case checks the construction, MD5("user:realm:pass").
        byte[] key = StunCodec.longTermKey("user", "realm", "pass");
        assertArrayEquals(new byte[] {(byte) 0x84, (byte) 0x93, (byte) 0xfb, (byte) 0xc5, 0x3b, (byte) 0xa5,
            (byte) 0x82, (byte) 0xfb, 0x4c, 0x04, 0x4c, 0x45, 0x6b, (byte) 0xdc, 0x40, (byte) 0xeb}, key);
    }

    @Test
    void oddLengthAttributesAreFramedByTheirLengthFieldAndNothingElseFollows() throws Exception {
        // RFC 8489 §14: each attribute is padded to 32 bits. ice4j's REALM encoder returns more
        // bytes than that; a framing that trusted the array length sent coturn an unknown
        // attribute of type 0 (420 Unknown Attribute).
        Request allocate = MessageFactory.createAllocateRequest((byte) 17, false);
        allocate.setTransactionID(TransactionId.random().bytes());
        allocate.putAttribute(AttributeFactory.createUsernameAttribute("alice"));
        allocate.putAttribute(AttributeFactory.createRealmAttribute("sipice.test".getBytes(StandardCharsets.US_ASCII)));
        allocate.putAttribute(AttributeFactory.createNonceAttribute("abcdefg1234567890".getBytes(StandardCharsets.US_ASCII)));
        byte[] key = StunCodec.longTermKey("alice", "sipice.test", "pw");

        byte[] bytes = StunCodec.encode(allocate, key, true);
        Message decoded = StunCodec.decode(bytes, bytes.length);

        assertEquals(java.util.List.of(Attribute.REQUESTED_TRANSPORT, Attribute.USERNAME, Attribute.REALM, Attribute.NONCE,
                Attribute.MESSAGE_INTEGRITY, Attribute.FINGERPRINT),
                decoded.getAttributes().stream().map(Attribute::getAttributeType).toList());
        assertEquals(20 + 8 + 12 + 16 + 24 + 24 + 8, bytes.length);
        assertTrue(StunCodec.integrityValid(decoded, bytes, key));
    }
}

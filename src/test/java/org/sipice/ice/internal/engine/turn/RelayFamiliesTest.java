package org.sipice.ice.internal.engine.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * The address-family attributes of RFC 8656 that ice4j lacks or encodes short: what an Allocate
 * asks for (§7.1, §18.6, §18.11), and a dual allocation's answer read back (§7.3: two
 * XOR-RELAYED-ADDRESS, or one and ADDRESS-ERROR-CODE, §18.12).
 */
class RelayFamiliesTest {
    private static final byte[] ID = TransactionId.random().bytes();

    @Test
    void anIpv4RelayAsksNothingAnIpv6RelayRequestsItAndDualStackAddsIpv6() throws Exception {
        assertEquals(List.of(), familyAttributes(RelayFamilies.IPV4));
        // RFC 8656 §18.6: type 0x0017, length 4, family 0x02 and 24 reserved bits.
        assertEquals(List.of("0017 0004 02000000"), familyAttributes(RelayFamilies.IPV6));
        // RFC 8656 §7.1: ADDITIONAL-ADDRESS-FAMILY (0x8000) IPv6, never with REQUESTED-ADDRESS-FAMILY;
        // and again under coturn's draft-era code point 0x8032, which an RFC 8656 server ignores.
        assertEquals(List.of("8000 0004 02000000", "8032 0004 02000000"), familyAttributes(RelayFamilies.BOTH));
    }

    @Test
    void theFamiliesWantedFollowTheHostAddresses() {
        assertEquals(RelayFamilies.IPV4, RelayFamilies.of(true, false));
        assertEquals(RelayFamilies.IPV6, RelayFamilies.of(false, true));
        assertEquals(RelayFamilies.BOTH, RelayFamilies.of(true, true));
        assertEquals(RelayFamilies.IPV4, RelayFamilies.of(false, false));
    }

    @Test
    void aDualAllocationAnswerGivesBothRelayedAddressesInOrder() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.15"), 50000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::15"), 50002);
        byte[] raw = response(xorRelayed(v4), xorRelayed(v6));

        assertEquals(List.of(v4, v6), RelayFamilies.relayedAddresses(raw));
        // ice4j keeps one attribute per type: the second overwrote the first.
        Message decoded = StunCodec.decode(raw, raw.length);
        assertEquals(1, decoded.getAttributes().stream()
                .filter(a -> a.getAttributeType() == Attribute.XOR_RELAYED_ADDRESS).count());
        assertTrue(RelayFamilies.addressError(decoded).isEmpty());
    }

    @Test
    void aRefusedFamilyIsReadFromAddressErrorCode() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.15"), 50000);
        byte[] reason = "Address Family not Supported".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[4 + reason.length];
        body[0] = RelayFamilies.FAMILY_IPV6;
        body[2] = 4; // class 4, number 40: 440 (RFC 8656 §18.12, coded as ERROR-CODE, RFC 8489 §14.8)
        body[3] = 40;
        System.arraycopy(reason, 0, body, 4, reason.length);
        byte[] raw = response(xorRelayed(v4), attribute(RelayFamilies.ADDRESS_ERROR_CODE, body));

        Message decoded = StunCodec.decode(raw, raw.length);
        RelayFamilies.AddressError error = RelayFamilies.addressError(decoded).orElseThrow();
        assertTrue(error.ipv6());
        assertEquals(440, error.code());
        assertEquals("Address Family not Supported", error.reason());
        assertEquals(List.of(v4), RelayFamilies.relayedAddresses(raw));
    }

    @Test
    void coturnsDraftEraAddressErrorCodeIsReadToo() throws Exception {
        byte[] body = {RelayFamilies.FAMILY_IPV6, 0, 5, 8}; // 508 Insufficient Capacity, no phrase
        byte[] raw = response(attribute(RelayFamilies.DRAFT_ADDRESS_ERROR_CODE, body));
        RelayFamilies.AddressError error = RelayFamilies.addressError(StunCodec.decode(raw, raw.length)).orElseThrow();
        assertEquals(508, error.code());
        assertTrue(error.ipv6());
    }

    @Test
    void aTruncatedOrForeignAttributeIsSkippedNotMisread() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::15"), 50002);
        byte[] unknownFamily = xorRelayed(v6);
        unknownFamily[5] = 0x03; // neither IPv4 nor IPv6
        byte[] raw = response(unknownFamily, xorRelayed(v6));
        assertEquals(List.of(v6), RelayFamilies.relayedAddresses(raw));
        byte[] cut = Arrays.copyOf(raw, raw.length - 4); // the length field says more than there is
        assertEquals(List.of(), RelayFamilies.relayedAddresses(cut));
        assertFalse(RelayFamilies.isFamily(v6, false));
    }

    /** The family attributes of an encoded Allocate, as "TYPE LENGTH VALUE" hex. */
    private static List<String> familyAttributes(RelayFamilies families) throws Exception {
        Request allocate = MessageFactory.createAllocateRequest((byte) 17, false);
        families.ask(allocate);
        allocate.setTransactionID(ID);
        byte[] raw = StunCodec.encode(allocate, null, false);
        List<String> out = new java.util.ArrayList<>();
        for (int at = 20; at + 4 <= raw.length; ) {
            int type = ((raw[at] & 0xff) << 8) | (raw[at + 1] & 0xff);
            int length = ((raw[at + 2] & 0xff) << 8) | (raw[at + 3] & 0xff);
            if (type == 0x0017 || type == 0x8000 || type == 0x8032) {
                out.add(String.format("%04x %04x %s", type, length, hex(raw, at + 4, length)));
            }
            at += 4 + ((length + 3) & ~3);
        }
        return out;
    }

    private static String hex(byte[] b, int from, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + length; i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.toString();
    }

    /** An Allocate success response (RFC 8656 §7.3) holding these attributes, as a server sends it. */
    private static byte[] response(byte[]... attributes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] a : attributes) {
            body.writeBytes(a);
        }
        byte[] out = new byte[20 + body.size()];
        out[0] = 0x01; // Allocate success response: 0x0103
        out[1] = 0x03;
        out[2] = (byte) (body.size() >> 8);
        out[3] = (byte) body.size();
        out[4] = 0x21;
        out[5] = 0x12;
        out[6] = (byte) 0xA4;
        out[7] = 0x42;
        System.arraycopy(ID, 0, out, 8, 12);
        System.arraycopy(body.toByteArray(), 0, out, 20, body.size());
        return out;
    }

    /** XOR-RELAYED-ADDRESS (RFC 8656 §18.5) encoded as RFC 8489 §14.2 says, against {@link #ID}. */
    private static byte[] xorRelayed(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] cookieAndId = new byte[16];
        cookieAndId[0] = 0x21;
        cookieAndId[1] = 0x12;
        cookieAndId[2] = (byte) 0xA4;
        cookieAndId[3] = 0x42;
        System.arraycopy(ID, 0, cookieAndId, 4, 12);
        byte[] body = new byte[4 + ip.length];
        body[1] = ip.length == 4 ? RelayFamilies.FAMILY_IPV4 : RelayFamilies.FAMILY_IPV6;
        int port = a.getPort() ^ 0x2112;
        body[2] = (byte) (port >> 8);
        body[3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            body[4 + i] = (byte) (ip[i] ^ cookieAndId[i]);
        }
        return attribute(Attribute.XOR_RELAYED_ADDRESS, body);
    }

    private static byte[] attribute(char type, byte[] body) {
        byte[] out = new byte[4 + ((body.length + 3) & ~3)];
        out[0] = (byte) (type >> 8);
        out[1] = (byte) type;
        out[2] = (byte) (body.length >> 8);
        out[3] = (byte) body.length;
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }
}

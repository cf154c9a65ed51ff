package org.sipice.ice.internal.engine.turn;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.OptionalAttribute;
import org.ice4j.message.Request;

/**
 * The address families of the relayed addresses an Allocate asks for (RFC 8656 §7.1), and the
 * attributes that say so. ice4j knows REQUESTED-ADDRESS-FAMILY with a 1-byte value (RFC 8656
 * §18.6 says 4: family and 24 reserved bits) and neither ADDITIONAL-ADDRESS-FAMILY (§18.11) nor
 * ADDRESS-ERROR-CODE (§18.12); its messages keep one attribute per type, so the second
 * XOR-RELAYED-ADDRESS of a dual allocation (§7.3) is read from the raw response here.
 *
 * <p>coturn (4.6) still uses the code points of the draft before RFC 8656 for the last two
 * (0x8032, 0x8033, its "SSODA" attributes) and ignores 0x8000. Both are comprehension-optional
 * (RFC 8489 §14: 0x8000-0xFFFF), so a dual Allocate carries ADDITIONAL-ADDRESS-FAMILY under both
 * code points, and an error under either is read: a server ignores the one it does not know.
 */
public enum RelayFamilies {
    /** No family attribute: RFC 8656 §7.1, the server allocates IPv4. */
    IPV4,
    /** REQUESTED-ADDRESS-FAMILY IPv6 (RFC 8656 §7.1, §18.6). */
    IPV6,
    /** A dual allocation: IPv4 plus ADDITIONAL-ADDRESS-FAMILY IPv6 (RFC 8656 §7.1, §18.11). */
    BOTH;

    static final char REQUESTED_ADDRESS_FAMILY = 0x0017;
    static final char ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    static final char ADDRESS_ERROR_CODE = 0x8001;
    /** coturn's draft-era code points for the two attributes above (see the class comment). */
    static final char DRAFT_ADDITIONAL_ADDRESS_FAMILY = 0x8032;
    static final char DRAFT_ADDRESS_ERROR_CODE = 0x8033;
    static final byte FAMILY_IPV4 = 0x01;
    static final byte FAMILY_IPV6 = 0x02;
    private static final int MAGIC_COOKIE = 0x2112A442;

    /** The choice for the families wanted (IPv4 alone when neither is named). */
    public static RelayFamilies of(boolean ipv4, boolean ipv6) {
        return ipv6 ? (ipv4 ? BOTH : IPV6) : IPV4;
    }

    /**
     * Adds this choice to an Allocate request. RFC 8656 §7.1: ADDITIONAL-ADDRESS-FAMILY carries
     * IPv6 only and never goes with REQUESTED-ADDRESS-FAMILY.
     */
    void ask(Request allocate) {
        switch (this) {
            case IPV6 -> allocate.putAttribute(new FamilyAttribute(REQUESTED_ADDRESS_FAMILY, FAMILY_IPV6));
            case BOTH -> {
                allocate.putAttribute(new FamilyAttribute(ADDITIONAL_ADDRESS_FAMILY, FAMILY_IPV6));
                allocate.putAttribute(new FamilyAttribute(DRAFT_ADDITIONAL_ADDRESS_FAMILY, FAMILY_IPV6));
            }
            case IPV4 -> { }
        }
    }

    /**
     * Every XOR-RELAYED-ADDRESS of a raw success response, in order (RFC 8656 §7.3: two after a
     * granted dual allocation, §18.5 encodes them as XOR-MAPPED-ADDRESS does, RFC 8489 §14.2).
     * Malformed attributes are skipped; a truncated message ends the list.
     */
    static List<InetSocketAddress> relayedAddresses(byte[] raw) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (raw.length < 20) {
            return out;
        }
        int end = Math.min(raw.length, 20 + (((raw[2] & 0xff) << 8) | (raw[3] & 0xff)));
        int at = 20;
        while (at + 4 <= end) {
            int type = ((raw[at] & 0xff) << 8) | (raw[at + 1] & 0xff);
            int size = ((raw[at + 2] & 0xff) << 8) | (raw[at + 3] & 0xff);
            int body = at + 4;
            if (body + size > end) {
                break;
            }
            if (type == Attribute.XOR_RELAYED_ADDRESS) {
                xorAddress(raw, body, size).ifPresent(out::add);
            }
            at = body + ((size + 3) & ~3);
        }
        return out;
    }

    /** A family the server did not allocate, and why (RFC 8656 §18.12). */
    record AddressError(boolean ipv6, int code, String reason) {
    }

    /** The ADDRESS-ERROR-CODE of a success response to a dual Allocate, if any (RFC 8656 §7.3). */
    static Optional<AddressError> addressError(org.ice4j.message.Message response) {
        Attribute a = response.containsAttribute(ADDRESS_ERROR_CODE) ? response.getAttribute(ADDRESS_ERROR_CODE)
                : response.getAttribute(DRAFT_ADDRESS_ERROR_CODE);
        if (!(a instanceof OptionalAttribute o) || o.getBody() == null || o.getBody().length < 4) {
            return Optional.empty();
        }
        byte[] b = o.getBody();
        int code = (b[2] & 0x07) * 100 + (b[3] & 0xff);
        String reason = new String(b, 4, b.length - 4, StandardCharsets.UTF_8);
        return Optional.of(new AddressError(b[0] == FAMILY_IPV6, code, reason));
    }

    private static Optional<InetSocketAddress> xorAddress(byte[] raw, int at, int size) {
        int family = raw[at + 1];
        int addressLength = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
        if (addressLength < 0 || size < 4 + addressLength) {
            return Optional.empty();
        }
        int port = (((raw[at + 2] & 0xff) << 8) | (raw[at + 3] & 0xff)) ^ (MAGIC_COOKIE >>> 16);
        byte[] address = Arrays.copyOfRange(raw, at + 4, at + 4 + addressLength);
        for (int i = 0; i < addressLength; i++) {
            // RFC 8489 §14.2: XOR with the magic cookie, then (IPv6) the transaction id.
            address[i] ^= raw[4 + i];
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} belongs to the family {@code ipv6} names. */
    static boolean isFamily(InetSocketAddress address, boolean ipv6) {
        return (address.getAddress() instanceof Inet4Address) != ipv6;
    }

    /** REQUESTED- or ADDITIONAL-ADDRESS-FAMILY: family (8 bits) and 24 reserved bits (RFC 8656 §18.6, §18.11). */
    static final class FamilyAttribute extends OptionalAttribute {
        FamilyAttribute(char type, byte family) {
            super(type);
            setBody(new byte[] {family, 0, 0, 0}, 0, 4);
        }
    }
}

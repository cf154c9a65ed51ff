package org.sipice.sdp;

import java.util.Locale;

/**
 * Classifies a connection-address (RFC 4566 §9, used by RFC 8839 §5.1) without touching the
 * network: {@code InetAddress.getByName} would resolve names, and this codec stays pure.
 */
final class Addresses {

    private Addresses() {
    }

    /** What a connection-address is. */
    enum Kind {
        /** A dotted-quad IPv4 literal. */
        IPV4,
        /** An IPv6 literal: RFC 8839 §5.1 tells them apart by the colon. */
        IPV6,
        /** A host name (FQDN), including mDNS {@code .local} names. */
        FQDN,
        /** None of the above: RFC 8839 §5.1 says to ignore such a candidate. */
        UNRECOGNISED
    }

    static Kind classify(String address) {
        if (address.indexOf(':') >= 0) {
            return isIpv6(address) ? Kind.IPV6 : Kind.UNRECOGNISED;
        }
        if (isIpv4(address)) {
            return Kind.IPV4;
        }
        return isHostName(address) ? Kind.FQDN : Kind.UNRECOGNISED;
    }

    /** A host name whose last label is {@code local}: a multicast DNS name (RFC 6762). */
    static boolean isMdns(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return classify(address) == Kind.FQDN && (lower.endsWith(".local") || lower.endsWith(".local."));
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!IceChars.isDigits(part, 3) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int groups = 0;
        String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        String[] all = concat(headGroups, tailGroups);
        for (int i = 0; i < all.length; i++) {
            boolean last = i == all.length - 1;
            if (last && all[i].indexOf('.') >= 0) {
                if (!isIpv4(all[i])) {
                    return false;
                }
                groups += 2;
            } else if (isHexGroup(all[i])) {
                groups += 1;
            } else {
                return false;
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    /** RFC 1123 host name labels; an all-digit last label would be a mistyped IPv4 address. */
    static boolean isHostName(String s) {
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return !IceChars.isDigits(labels[labels.length - 1], 63);
    }

    private static boolean isHexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return false;
        }
        for (int i = 0; i < g.length(); i++) {
            if (Character.digit(g.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

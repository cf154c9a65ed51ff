package org.sipice.profile;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sipice.ice.StunServer;

/**
 * Parsers for the value types of sip-profile keys. Each failure is an {@link InvalidValue}
 * whose message completes the sentence "{@code key=value} ...", so that the caller can name
 * the file and key in front of it.
 */
final class ProfileValues {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private ProfileValues() {
    }

    /** A value that does not fit its key; the message is a predicate such as "is not one of A, B". */
    static final class InvalidValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidValue(String predicate) {
            super(predicate);
        }
    }

    /** A positive whole number of milliseconds. */
    static Duration millis(String value) {
        long ms;
        try {
            ms = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidValue("is not a whole number of milliseconds");
        }
        if (ms <= 0) {
            throw new InvalidValue("is not a positive number of milliseconds");
        }
        return Duration.ofMillis(ms);
    }

    /** A whole number in {@code [min, max]}. */
    static int intInRange(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Falls through to the same message as an out-of-range number.
        }
        throw new InvalidValue("is not a number from " + min + " to " + max);
    }

    /** {@code true} or {@code false}; unlike {@link Boolean#parseBoolean}, nothing else. */
    static boolean bool(String value) {
        return Boolean.parseBoolean(choice(value, List.of("true", "false")));
    }

    /**
     * {@code sipice.local-nat-mapping}: the RFC 4787 mapping label {@code sipice nat-probe}
     * prints (none, eim, adm, apdm, unknown); true when it asks for relay-first gathering (apdm).
     */
    static boolean natMapping(String value) {
        return choice(value, List.of("none", "eim", "adm", "apdm", "unknown")).equals("apdm");
    }

    /** One constant of {@code type}, in any letter case. */
    static <E extends Enum<E>> E enumValue(String value, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.toList());
        return Enum.valueOf(type, choice(value, names));
    }

    /** One of {@code choices}, matched in any letter case and returned as spelled there. */
    static String choice(String value, List<String> choices) {
        for (String c : choices) {
            if (c.equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new InvalidValue("is not one of " + String.join(", ", choices));
    }

    /**
     * A log4j2 level name a message trace may be written at (Log4j2ServerLogger); OFF disables
     * the trace of this profile's stacks.
     */
    static String logLevel(String value) {
        return choice(value, List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"));
    }

    /** A non-empty text. */
    static String text(String value) {
        if (value.isEmpty()) {
            throw new InvalidValue("is empty");
        }
        return value;
    }

    /** Comma-separated items, trimmed; an empty value is an empty list. */
    static List<String> commaList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                if (value.isBlank()) {
                    break;
                }
                throw new InvalidValue("has an empty item in its comma-separated list");
            }
            items.add(trimmed);
        }
        return items;
    }

    /**
     * IP address literals. Host names are refused: they would need DNS while a profile loads,
     * and a host candidate is bound to an address, not a name (RFC 8445 §5.1.1.1).
     */
    static List<InetAddress> ipAddresses(String value) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String item : commaList(value)) {
            addresses.add(ipLiteral(item));
        }
        return addresses;
    }

    /** STUN servers as {@code host:port}; see {@link StunServer#parse}. */
    static List<StunServer> stunServers(List<String> items) {
        List<StunServer> servers = new ArrayList<>();
        for (String item : items) {
            try {
                servers.add(StunServer.parse(item));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("has a bad STUN server " + item + " (" + e.getMessage() + ")");
            }
        }
        return servers;
    }

    /**
     * {@code HOST:PORT} with an IP literal host ({@code [2001:db8::1]:PORT} for IPv6) and a port
     * from 1 to 65535; null for an empty value.
     */
    static InetSocketAddress socketAddressOrNone(String value) {
        if (value.isEmpty()) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new InvalidValue("is not HOST:PORT (write an IPv6 address as [2001:db8::1]:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new InvalidValue("is not HOST:PORT with a port from 1 to 65535");
        }
        return new InetSocketAddress(ipLiteral(host), port);
    }

    private static InetAddress ipLiteral(String item) {
        Matcher v4 = IPV4.matcher(item);
        boolean literal = item.indexOf(':') >= 0;
        if (v4.matches()) {
            literal = true;
            for (int i = 1; i <= 4; i++) {
                literal &= Integer.parseInt(v4.group(i)) <= 255;
            }
        }
        if (literal) {
            try {
                // Only dotted quads and colon forms get here: getByName parses them without DNS.
                return InetAddress.getByName(item);
            } catch (UnknownHostException e) {
                // Falls through to the message below.
            }
        }
        throw new InvalidValue("has " + item + ", which is not an IP address like 192.0.2.1 or 2001:db8::1");
    }
}

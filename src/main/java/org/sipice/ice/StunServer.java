package org.sipice.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A STUN server used to gather server-reflexive candidates (RFC 8445 §5.1.1.2).
 *
 * @param address where Binding requests are sent (UDP)
 */
public record StunServer(InetSocketAddress address) {
    public StunServer {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("STUN server address is unresolved: " + address);
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}; the port defaults to 3478 (RFC 8489 §18.1). */
    public static StunServer parse(String text) {
        String s = text.trim();
        if (s.startsWith("stun:")) {
            s = s.substring(5);
        }
        String host;
        int port = 3478;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("bad STUN server: " + text);
            }
            host = s.substring(1, end);
            if (s.length() > end + 1) {
                port = parsePort(s.substring(end + 2), text);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = parsePort(s.substring(colon + 1), text);
            } else {
                host = s;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bad STUN server: " + text);
        }
        return new StunServer(new InetSocketAddress(host, port));
    }

    private static int parsePort(String p, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in STUN server: " + text, e);
        }
    }

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}

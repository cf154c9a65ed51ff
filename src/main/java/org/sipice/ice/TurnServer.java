package org.sipice.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TURN server for relayed candidates (RFC 8445 §5.1.1.2, RFC 8656) over UDP with long-term
 * credentials (RFC 8489 §9.2).
 *
 * @param address where Allocate requests go (UDP)
 * @param username long-term credential user name
 * @param password long-term credential password
 */
public record TurnServer(InetSocketAddress address, String username, String password) {
    public TurnServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("TURN server address is unresolved: " + address);
        }
    }

    /** Parses {@code turn:host:port} or {@code host:port} (port 3478 by default, RFC 8656 §3). */
    public static TurnServer parse(String server, String username, String password) {
        String s = server.trim();
        if (s.startsWith("turn:")) {
            s = s.substring(5);
        }
        StunServer hostPort = StunServer.parse(s);
        return new TurnServer(hostPort.address(), username, password);
    }

    @Override
    public String toString() {
        // Never the password.
        return "turn:" + address.getAddress().getHostAddress() + ":" + address.getPort() + " (user " + username + ")";
    }
}

package org.sipice.ice;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A TURN server for relayed candidates (RFC 8445 §5.1.1.2, RFC 8656) with long-term credentials
 * (RFC 8489 §9.2), reached over UDP (the default) or TCP (RFC 8656 §3.1).
 *
 * @param address   where Allocate requests go
 * @param username  long-term credential user name
 * @param password  long-term credential password
 * @param transport the transport between this client and the server
 */
public record TurnServer(InetSocketAddress address, String username, String password, Transport transport) {

    /** The client-to-server transport (RFC 8656 §3.1); the relayed side is always UDP. */
    public enum Transport {
        UDP, TCP;

        /** The {@code transport} parameter of a TURN URI (RFC 7065 §3.1). */
        public String uriName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TurnServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("TURN server address is unresolved: " + address);
        }
    }

    /** A server reached over UDP. */
    public TurnServer(InetSocketAddress address, String username, String password) {
        this(address, username, password, Transport.UDP);
    }

    /** A server reached over TCP (RFC 8656 §3.1). */
    public static TurnServer tcp(InetSocketAddress address, String username, String password) {
        return new TurnServer(address, username, password, Transport.TCP);
    }

    /**
     * Parses {@code turn:host:port}, {@code host:port} (port 3478 by default, RFC 8656 §3), each
     * optionally followed by {@code ?transport=udp} or {@code ?transport=tcp} (RFC 7065 §3.1).
     */
    public static TurnServer parse(String server, String username, String password) {
        String s = server.trim();
        if (s.startsWith("turn:")) {
            s = s.substring(5);
        }
        Transport transport = Transport.UDP;
        int query = s.indexOf('?');
        if (query >= 0) {
            String parameter = s.substring(query + 1).trim().toLowerCase(Locale.ROOT);
            s = s.substring(0, query);
            if (parameter.equals("transport=tcp")) {
                transport = Transport.TCP;
            } else if (!parameter.equals("transport=udp")) {
                throw new IllegalArgumentException("TURN server " + server
                        + ": only ?transport=udp or ?transport=tcp is supported");
            }
        }
        StunServer hostPort = StunServer.parse(s);
        return new TurnServer(hostPort.address(), username, password, transport);
    }

    /** The server as a TURN URI (RFC 7065), {@code ?transport=tcp} for TCP. */
    public String uri() {
        String uri = "turn:" + address.getAddress().getHostAddress() + ":" + address.getPort();
        return transport == Transport.UDP ? uri : uri + "?transport=" + transport.uriName();
    }

    @Override
    public String toString() {
        // Never the password.
        return uri() + " (user " + username + ")";
    }
}

package org.sipice.sdp;

import java.util.Objects;

/**
 * A transport address as SDP writes it: an address (IPv4, IPv6 or a name) and a port.
 *
 * @param address the connection address, e.g. {@code 10.201.0.1}
 * @param port    the port, 0..65535
 */
public record TransportAddr(String address, int port) {

    /** The port SDP uses, with address 0.0.0.0 or ::, for "no candidate yet" (RFC 8839 §4.3.1). */
    public static final int DISCARD_PORT = 9;

    /** Checks the address is present and the port is a port. */
    public TransportAddr {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IceSdpException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * Whether this is the placeholder {@code 0.0.0.0}/{@code ::} with port 9, which an agent with no
     * candidate yet (trickle ICE, or only peer-reflexive candidates) puts in {@code c=}/{@code m=}.
     * RFC 8839 §4.2.5 (item 2): the peer MUST NOT treat it as an ICE mismatch.
     */
    public boolean isPlaceholder() {
        return port == DISCARD_PORT && (address.equals("0.0.0.0") || address.equals("::"));
    }

    @Override
    public String toString() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}

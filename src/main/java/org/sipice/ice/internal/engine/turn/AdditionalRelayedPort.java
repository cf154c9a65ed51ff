package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.net.DatagramPort;

/**
 * The second relayed transport address of a dual allocation (RFC 8656 §7.3, one IPv4 and one
 * IPv6 address on one allocation) as a {@link DatagramPort} of its own, so that it is a relayed
 * candidate of its own: sends go through the allocation's {@link RelayedPort} (the server relays
 * from the address of the peer's family, RFC 8656 §7.2), and what peers of this family send
 * arrives with this port. Closing it deletes the whole allocation, as closing the first does.
 */
final class AdditionalRelayedPort implements DatagramPort {
    private final RelayedPort allocation;

    AdditionalRelayedPort(RelayedPort allocation) {
        this.allocation = allocation;
    }

    @Override
    public InetSocketAddress localAddress() {
        return allocation.additionalAddress();
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        allocation.send(data, offset, length, to);
    }

    @Override
    public boolean isOpen() {
        return allocation.isOpen() && allocation.additionalAddress() != null;
    }

    @Override
    public void close() {
        allocation.close();
    }

    @Override
    public String toString() {
        return "relay " + allocation.additionalAddress() + " (dual allocation of " + allocation + ")";
    }
}

package org.sipice.ice.internal.engine.net;

import java.net.InetSocketAddress;

/** Where a {@link DatagramPort} delivers what arrives; called on the owning session's thread. */
@FunctionalInterface
public interface PacketReceiver {

    /**
     * One datagram. {@code data} belongs to the receiver from now on (the port made a copy).
     *
     * @param port   the port it arrived on
     * @param data   the payload, {@code length} bytes from offset 0
     * @param length the payload's length
     * @param from   the sender's transport address
     */
    void onPacket(DatagramPort port, byte[] data, int length, InetSocketAddress from);
}

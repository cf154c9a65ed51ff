package org.sipice.ice.internal.engine.net;

import java.net.InetSocketAddress;

/**
 * One local UDP transport address of the engine: a host candidate's socket, a relayed
 * candidate's allocation, or one port shared by many sessions ({@code sipice.udp-mux}). What
 * arrives goes to the {@link PacketReceiver} given when the port was opened, on the owning
 * session's thread.
 */
public interface DatagramPort {

    /** The address packets leave from and arrive at (for a relayed port: the relayed address). */
    InetSocketAddress localAddress();

    /**
     * Sends one datagram; never blocks. A datagram to a closed port, or one the network refuses,
     * is dropped, as UDP would.
     */
    void send(byte[] data, int offset, int length, InetSocketAddress to);

    /** True until {@link #close()}. */
    boolean isOpen();

    /** Releases the socket (or allocation); idempotent, never blocks. */
    void close();
}

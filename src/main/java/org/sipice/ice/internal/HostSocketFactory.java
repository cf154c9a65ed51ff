package org.sipice.ice.internal;

import java.net.InetAddress;
import java.net.SocketException;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Opens the UDP socket of a host candidate (RFC 8445 §5.1.1.1). The seam through which tests put
 * a socket of their own under a session, for instance one that drops chosen STUN messages or
 * records when checks leave; production binds a plain socket on an ephemeral port.
 */
@FunctionalInterface
public interface HostSocketFactory {

    /**
     * An ephemeral-port socket on the address: what every session uses unless a test says
     * otherwise. Closing it also frees its filtered sockets' descriptors ({@link ClosingMultiplexingSocket}).
     */
    HostSocketFactory EPHEMERAL = ClosingMultiplexingSocket::new;

    MultiplexingDatagramSocket open(InetAddress address) throws SocketException;
}

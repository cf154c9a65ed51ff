package org.sipice.ice.internal.engine.tcp;

import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.net.DatagramPort;

/**
 * Told when an active TCP candidate could not connect to a remote address (refused, no route):
 * RFC 6544 §7.1, "If the TCP connection cannot be established, the check is considered to have
 * failed". Called on the session's thread.
 */
@FunctionalInterface
public interface Unreachable {
    void unreachable(DatagramPort port, InetSocketAddress remote);
}

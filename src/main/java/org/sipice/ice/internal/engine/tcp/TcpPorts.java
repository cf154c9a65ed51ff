package org.sipice.ice.internal.engine.tcp;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * Opens the ports of host TCP candidates (RFC 6544 §4.1) on the session's loop: a passive one
 * listens, an active one connects on demand. What they read reaches {@code receiver} as
 * datagrams from the connection's remote address, RFC 4571 framing removed.
 */
public final class TcpPorts {
    private TcpPorts() {
    }

    /** A passive candidate listening on {@code address} (any free port); completes on the session's loop. */
    public static CompletableFuture<DatagramPort> passive(IceLoop loops, LoopScheduler scheduler, InetAddress address,
            PacketReceiver receiver) {
        return PassiveTcpPort.listen(loops, scheduler, address, receiver).thenApply(p -> p);
    }

    /**
     * An active candidate on {@code address}: signalled with port 9, connects on its first check;
     * a connection that cannot be made is reported to {@code unreachable} (RFC 6544 §7.1: its
     * check failed).
     */
    public static DatagramPort active(IceLoop loops, LoopScheduler scheduler, InetAddress address,
            PacketReceiver receiver, Unreachable unreachable) {
        return new ActiveTcpPort(loops, scheduler, address, receiver, unreachable);
    }

    /** Connections a TCP candidate's port holds now, 0 for any other port (tests and leak checks). Session thread. */
    public static int connections(DatagramPort port) {
        return port instanceof TcpCandidatePort t ? t.connectionCount() : 0;
    }
}

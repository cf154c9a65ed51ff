package org.sipice.ice.internal.engine.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * An active host TCP candidate (RFC 6544 §4.1: "tcptype active"): no socket until its first check
 * to a passive peer candidate opens a connection from an ephemeral port (RFC 6544 §7.1); the
 * check, its answer, later checks and media of that pair then share the connection. Its
 * transport address is signalled with port 9 (RFC 6544 §4.5), which is also what
 * {@link #localAddress()} returns.
 */
final class ActiveTcpPort extends TcpCandidatePort {
    /** RFC 6544 §4.5: an active candidate's port is 9, the discard port; it is never used. */
    static final int DISCARD_PORT = 9;

    private final IceLoop loops;
    private final InetSocketAddress localAddress;

    ActiveTcpPort(IceLoop loops, LoopScheduler scheduler, InetAddress address, PacketReceiver receiver,
            Unreachable unreachable) {
        super(scheduler, receiver, unreachable);
        this.loops = loops;
        this.localAddress = new InetSocketAddress(address, DISCARD_PORT);
    }

    @Override
    TcpConnection connectionTo(InetSocketAddress to) {
        TcpConnection c = connections.get(to);
        if (c == null && connections.size() < MAX_CONNECTIONS) {
            c = TcpConnection.connect(loops, scheduler, localAddress.getAddress(), to, this);
            connections.put(to, c);
        }
        return c;
    }

    @Override
    void closeOwn() {
        // No listening socket: the connections are all it holds.
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "tcp active " + localAddress.getAddress().getHostAddress();
    }
}

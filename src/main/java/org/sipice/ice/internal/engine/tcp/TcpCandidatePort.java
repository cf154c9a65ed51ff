package org.sipice.ice.internal.engine.tcp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * A host TCP candidate (RFC 6544 §4) seen by the agent as a {@link DatagramPort}: each remote
 * transport address it talks to is one {@link TcpConnection}, so {@code send(..., to)} writes to
 * the connection with {@code to} and a packet read from a connection arrives "from" its remote
 * address, the 5-tuple the checks learnt (RFC 6544 §7.2). The agent, consent and media then use
 * it as they use a UDP port. Sends from other threads are posted to the session's loop.
 */
abstract class TcpCandidatePort implements DatagramPort, TcpConnection.Owner {
    /**
     * Connections per candidate: as many as pairs a check list keeps (RFC 8445 §6.1.2.5); a
     * passive candidate refuses more, so that a stranger cannot make it hold sockets without end.
     */
    static final int MAX_CONNECTIONS = 100;

    final LoopScheduler scheduler;
    private final PacketReceiver receiver;
    private final Unreachable unreachable;
    final Map<InetSocketAddress, TcpConnection> connections = new HashMap<>();
    volatile boolean closed;

    TcpCandidatePort(LoopScheduler scheduler, PacketReceiver receiver, Unreachable unreachable) {
        this.scheduler = scheduler;
        this.receiver = receiver;
        this.unreachable = unreachable;
    }

    /**
     * The connection to {@code to}, or null when there is none and this candidate does not open
     * one (a passive candidate never connects, RFC 6544 §6.2). Session thread.
     */
    abstract TcpConnection connectionTo(InetSocketAddress to);

    /** Releases what the subclass holds beyond the connections (the listening socket). */
    abstract void closeOwn();

    /** Sends one packet, RFC 4571 framed, on the connection to {@code to}; dropped when there is none. */
    @Override
    public final void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (length > Rfc4571Framing.MAX_PACKET) {
            return; // cannot be framed (RFC 4571 §2): lost, as an oversized datagram would be
        }
        byte[] framed = Rfc4571Framing.frame(data, offset, length);
        if (!scheduler.inThread()) {
            scheduler.execute(() -> sendOnLoop(framed, to));
            return;
        }
        sendOnLoop(framed, to);
    }

    private void sendOnLoop(byte[] framed, InetSocketAddress to) {
        if (closed) {
            return;
        }
        TcpConnection c = connectionTo(to);
        if (c != null) {
            c.send(framed);
        }
    }

    @Override
    public final void onPacket(TcpConnection connection, byte[] data, int length) {
        if (!closed) {
            receiver.onPacket(this, data, length, connection.remote());
        }
    }

    @Override
    public final void onClosed(TcpConnection connection) {
        connections.remove(connection.remote(), connection);
        if (!connection.everConnected() && !closed) {
            unreachable.unreachable(this, connection.remote()); // RFC 6544 §7.1: the check failed
        }
    }

    /** Connections open now (a test and leak-check seam). Session thread. */
    final int connectionCount() {
        return connections.size();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Closes every connection and the listening socket; idempotent, never blocks. */
    @Override
    public final void close() {
        if (!scheduler.inThread()) {
            closed = true;
            scheduler.execute(this::closeOnLoop);
            return;
        }
        closeOnLoop();
    }

    private void closeOnLoop() {
        closed = true;
        closeOwn();
        new ArrayList<>(connections.values()).forEach(TcpConnection::close);
        connections.clear();
    }
}

package org.sipice.ice.internal.engine.mux;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * One session's view of a {@link UdpMux}: its local address is the shared one, what it sends
 * leaves from the shared socket, and what the mux routes to it is delivered on the session's
 * scheduler. Closing the view unregisters the session and forgets its remote addresses; the
 * shared socket stays open for the others.
 *
 * <p>The session calls {@link #bind} once it trusts a remote address (see {@link UdpMux}).
 */
public final class MuxedPort implements DatagramPort {
    private final UdpMux mux;
    private final String ufrag;
    private final Scheduler scheduler;
    private final PacketReceiver receiver;
    private final Set<InetSocketAddress> remotes = ConcurrentHashMap.newKeySet();
    private final Set<TransactionId> transactionIds = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    MuxedPort(UdpMux mux, String ufrag, Scheduler scheduler, PacketReceiver receiver) {
        this.mux = mux;
        this.ufrag = ufrag;
        this.scheduler = scheduler;
        this.receiver = receiver;
    }

    /**
     * Associates {@code remote} with this session: from now on everything that comes from it
     * (media, indications, STUN without this session's ufrag) is delivered here. Call it once
     * {@code remote} has proved it knows the session's credentials: an authenticated check from it
     * (RFC 8445 §7.3), or a pair with it as remote validated (RFC 8445 §7.2.5.3). An address bound
     * by another session moves to this one (the most recent association wins).
     *
     * @return false when the port is closed or already holds {@link UdpMux#MAX_REMOTES_PER_SESSION}
     *         addresses
     */
    public boolean bind(InetSocketAddress remote) {
        return mux.associate(this, remote);
    }

    /** The local ufrag the session registered with (RFC 8445 §5.3). */
    public String ufrag() {
        return ufrag;
    }

    @Override
    public InetSocketAddress localAddress() {
        return mux.localAddress();
    }

    /**
     * Sends from the shared socket. A STUN request is recorded by its transaction id first, so
     * that its response comes back here whatever address it comes from (RFC 8489 §6.3.1).
     */
    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (!open) {
            return;
        }
        if (StunPeek.isStun(data, offset, length) && StunPeek.isRequest(data, offset)) {
            mux.transactions().record(StunPeek.transactionId(data, offset), this);
        }
        mux.send(data, offset, length, to);
    }

    @Override
    public boolean isOpen() {
        return open && mux.isOpen();
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            mux.unregister(this);
        }
    }

    /** Hands a datagram the mux routed here to the session, on the session's thread. */
    void deliver(byte[] data, int length, InetSocketAddress from) {
        // The array the shared socket filled is handed over as it is: no second copy. A session on
        // the mux's own loop gets it at once (its packets all take this path, so order is kept).
        if (scheduler.inThread()) {
            receiver.onPacket(this, data, length, from);
            return;
        }
        scheduler.execute(() -> {
            if (open) {
                receiver.onPacket(this, data, length, from);
            }
        });
    }

    /** The mux closed under the session: nothing more is sent or delivered. */
    void detach() {
        open = false;
    }

    boolean registered() {
        return open;
    }

    Set<InetSocketAddress> remotes() {
        return remotes;
    }

    Set<TransactionId> transactionIds() {
        return transactionIds;
    }

    @Override
    public String toString() {
        return "udp-mux " + mux.localAddress() + " ufrag " + ufrag;
    }
}

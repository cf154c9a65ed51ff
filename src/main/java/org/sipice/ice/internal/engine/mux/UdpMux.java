package org.sipice.ice.internal.engine.mux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.net.UdpPorts;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Single-port mode ({@code sipice.udp-mux}): one UDP port on one local address shared by every
 * session of the process, the model of Jitsi Videobridge and Pion's UDP mux. Each session
 * {@link #register registers} its local ufrag and gets a {@link MuxedPort}; the shared socket
 * lives on one event loop, each datagram is delivered on its session's own scheduler.
 *
 * <p>A datagram goes to:
 * <ol>
 * <li>a STUN response: the session that sent the request with its transaction id (RFC 8489
 *     §6.3.1), whatever address it comes from (two sessions may ask the same STUN server);</li>
 * <li>a STUN request or indication with USERNAME: the session whose local ufrag is the part
 *     before the colon (RFC 8445 §7.2.2, "receiver-ufrag:sender-ufrag"), whatever address it
 *     comes from; so a check reaches its session even from an address another session uses;</li>
 * <li>anything else (media, a USERNAME-less indication, an unknown ufrag): the session the
 *     sender's address is associated with (the 5-tuple; the local half is the same for all);</li>
 * <li>otherwise it is dropped and counted ({@link #dropped()}).</li>
 * </ol>
 *
 * <p>The mux cannot verify MESSAGE-INTEGRITY (it does not know the pwds), so routing a check by
 * its ufrag associates nothing: the session authenticates it and then calls
 * {@link MuxedPort#bind}. A sender that knows a ufrag but not its pwd only gets its checks to the
 * session, which answers 401 (RFC 8489 §9.1.3); it cannot draw another address's media.
 *
 * <p><b>The one limit.</b> An address is associated with one session at a time. When two
 * sessions of this process have peers behind one remote address (two muxed endpoints that call
 * each other twice: both of the other side's sessions share its one port), checks still reach
 * the right session by ufrag, but media from that address goes to the session that bound it
 * most recently. Servers that may call the same muxed peer twice at once must use a port per
 * session (the default).
 *
 * <p>Bounded: {@link #MAX_SESSIONS} registrations, {@link #MAX_REMOTES_PER_SESSION} addresses per
 * session, {@link TransactionRoutes#MAX} requests in flight; closing a view removes all of its
 * entries. Nothing from the network adds an entry: only a session's own sends and binds do.
 */
public final class UdpMux {
    /** Sessions on one mux; beyond it {@link #register} refuses (a server needs ~10,000). */
    public static final int MAX_SESSIONS = 1 << 16;
    /**
     * Remote addresses one session may bind: its peer's candidates for every component, each
     * restart's, and peer-reflexive ones; an agent never needs more.
     */
    public static final int MAX_REMOTES_PER_SESSION = 64;
    /**
     * SO_RCVBUF of the shared socket: it receives what a port per session would spread over
     * thousands of sockets of {@link UdpPorts#RECEIVE_BUFFER} each. With that buffer, 100 calls
     * relayed through a B2BUA's mux (10,000 packets/s) lost 7-16% of their packets to the kernel
     * (RcvbufErrors) whenever the mux's loop fell behind on a loaded machine; with this one, none. The kernel caps it at net.core.rmem_max (4 MB
     * here; often 208 KB by default: raise it for a busy mux).
     */
    public static final int RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** How often expired transaction ids are swept away. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    /** RFC 8445 §5.3: ice-ufrag is 4 to 256 characters. */
    private static final int MIN_UFRAG = 4;
    private static final int MAX_UFRAG = 256;

    private final Scheduler scheduler;
    private final Map<String, MuxedPort> ufrags = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, MuxedPort> associations = new ConcurrentHashMap<>();
    private final TransactionRoutes transactions;
    private final LongAdder dropped = new LongAdder();
    private volatile DatagramPort shared;
    private volatile boolean closed;
    private Scheduler.Timer sweep;

    private UdpMux(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.transactions = new TransactionRoutes(scheduler);
    }

    /**
     * Binds the shared port at {@code local} (port 0: any free port) on one of the shared loops.
     * Completes with the open mux, or exceptionally with the bind error (address in use...).
     */
    public static CompletableFuture<UdpMux> open(IceLoop loops, InetSocketAddress local) {
        LoopScheduler scheduler = (LoopScheduler) loops.scheduler();
        UdpMux mux = new UdpMux(scheduler);
        return UdpPorts.bind(loops, scheduler, local, mux::route, RECEIVE_BUFFER).thenApply(port -> mux.started(port));
    }

    /** A mux over a port {@code opener} makes with the mux's receiver: fake time and network in tests. */
    static UdpMux over(Scheduler scheduler, Function<PacketReceiver, DatagramPort> opener) {
        UdpMux mux = new UdpMux(scheduler);
        return mux.started(opener.apply(mux::route));
    }

    private UdpMux started(DatagramPort port) {
        this.shared = port;
        scheduler.execute(this::scheduleSweep);
        return this;
    }

    /**
     * Registers a session. Datagrams for it are delivered to {@code receiver} on
     * {@code sessionScheduler}.
     *
     * @param localUfrag the session's ice-ufrag (RFC 8445 §5.3), unique on this mux
     * @throws IllegalArgumentException when the ufrag is malformed or already registered
     * @throws IllegalStateException when the mux is closed or holds {@link #MAX_SESSIONS}
     */
    public MuxedPort register(String localUfrag, Scheduler sessionScheduler, PacketReceiver receiver) {
        if (localUfrag == null || localUfrag.length() < MIN_UFRAG || localUfrag.length() > MAX_UFRAG
                || localUfrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not an ice-ufrag (RFC 8445 §5.3): " + localUfrag);
        }
        if (closed) {
            throw new IllegalStateException("udp-mux " + localAddress() + " is closed");
        }
        if (ufrags.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("udp-mux " + localAddress() + " holds " + MAX_SESSIONS + " sessions");
        }
        MuxedPort port = new MuxedPort(this, localUfrag, sessionScheduler, receiver);
        if (ufrags.putIfAbsent(localUfrag, port) != null) {
            throw new IllegalArgumentException("ufrag " + localUfrag + " is already registered on udp-mux "
                    + localAddress());
        }
        return port;
    }

    /** The shared address every view reports as its own. */
    public InetSocketAddress localAddress() {
        DatagramPort port = shared;
        return port == null ? null : port.localAddress();
    }

    public boolean isOpen() {
        DatagramPort port = shared;
        return !closed && port != null && port.isOpen();
    }

    /** Closes the shared port; every view is closed with it. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MuxedPort view : ufrags.values()) {
            view.detach();
            view.remotes().clear();
            view.transactionIds().clear();
        }
        ufrags.clear();
        associations.clear();
        transactions.clear();
        scheduler.execute(() -> {
            if (sweep != null) {
                sweep.cancel();
            }
        });
        DatagramPort port = shared;
        if (port != null) {
            port.close();
        }
    }

    /** Datagrams no session was found for. */
    public long dropped() {
        return dropped.sum();
    }

    /** Registered sessions. */
    public int sessions() {
        return ufrags.size();
    }

    /** Remote addresses bound to a session. */
    public int associations() {
        return associations.size();
    }

    /** STUN requests sent through the mux whose response has not come yet. */
    public int pendingTransactions() {
        return transactions.size();
    }

    /** On the shared socket's loop: one datagram to route (steps 1-4 of the class comment). */
    private void route(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        MuxedPort to = null;
        if (StunPeek.isStun(data, 0, length)) {
            if (StunPeek.isResponse(data, 0)) {
                to = transactions.take(StunPeek.transactionId(data, 0));
            } else {
                String ufrag = StunPeek.receiverUfrag(data, length);
                to = ufrag == null ? null : ufrags.get(ufrag);
            }
        }
        if (to == null) {
            to = associations.get(from);
        }
        if (to == null || !to.registered()) {
            dropped.increment();
            return;
        }
        to.deliver(data, length, from);
    }

    boolean associate(MuxedPort view, InetSocketAddress remote) {
        if (!view.registered() || closed) {
            return false;
        }
        if (!view.remotes().contains(remote) && view.remotes().size() >= MAX_REMOTES_PER_SESSION) {
            return false;
        }
        view.remotes().add(remote);
        MuxedPort previous = associations.put(remote, view);
        if (previous != null && previous != view) {
            previous.remotes().remove(remote);
        }
        if (!view.registered()) {
            associations.remove(remote, view); // closed meanwhile by the mux
            return false;
        }
        return true;
    }

    void unregister(MuxedPort view) {
        ufrags.remove(view.ufrag(), view);
        for (InetSocketAddress remote : view.remotes()) {
            associations.remove(remote, view);
        }
        view.remotes().clear();
        transactions.forget(view);
    }

    void send(byte[] data, int offset, int length, InetSocketAddress to) {
        DatagramPort port = shared;
        if (port != null && !closed) {
            port.send(data, offset, length, to);
        }
    }

    TransactionRoutes transactions() {
        return transactions;
    }

    private void scheduleSweep() {
        if (!closed) {
            sweep = scheduler.schedule(SWEEP_INTERVAL, () -> {
                transactions.sweep();
                scheduleSweep();
            });
        }
    }

    @Override
    public String toString() {
        return "udp-mux " + localAddress() + " (" + ufrags.size() + " sessions)";
    }
}

package org.sipice.ice.internal.engine.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.MediaTransport;
import org.sipice.internal.concurrent.Scheduler;

/**
 * The media of one generation over its agent's selected pairs (RFC 8445 §12).
 *
 * <p>Sending: from the session's thread the datagram goes out at once; from any other thread it
 * is copied and posted to the session's loop (the agent is single-threaded), so the caller never
 * waits. Receiving: the handler runs on the session's loop, in arrival order; it must hand the
 * datagram on, not block. Datagrams that arrive before a handler is installed are held, up to
 * {@link #HELD_BEFORE_HANDLER}, and handed to the handler first, as a socket nobody reads yet
 * holds them in its receive buffer: the peer may send on a pair as soon as its own side has
 * completed, before this side's application has installed its handler (after a restart, the new
 * generation's handler comes with its completion event, on another thread).
 */
final class LoopMediaTransport implements MediaTransport {
    private static final Logger LOG = LogManager.getLogger(LoopMediaTransport.class);

    /** The agent's send: over the component's selected pair. */
    @FunctionalInterface
    interface Sender {
        void send(int componentId, byte[] data, int offset, int length) throws IOException;
    }

    /**
     * Datagrams held until the handler comes: about 1.3 s of 20 ms audio, ~11 KB of RTP. RFC 8445
     * §12.2: an agent must be prepared to receive media on a pair as soon as it has sent a
     * response to a check on it, which is before its own side completes.
     */
    static final int HELD_BEFORE_HANDLER = 64;

    private record Held(int componentId, byte[] data, InetSocketAddress from) {}

    /** Session thread only: what arrived before the handler, oldest first. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final String name;
    private final Scheduler scheduler;
    private final int components;
    private volatile Sender sender;
    private volatile boolean closed;
    private volatile boolean consentExpired;
    private volatile PacketHandler handler;

    LoopMediaTransport(String name, Scheduler scheduler, int components) {
        this.name = name;
        this.scheduler = scheduler;
        this.components = components;
    }

    /** Sending becomes possible (ICE completed). Session thread. */
    void ready(Sender agent) {
        this.sender = agent;
    }

    /**
     * Consent was lost (RFC 7675 §5.1): sending stops for good and says why, on every thread;
     * what still arrives is delivered.
     */
    void consentExpired() {
        consentExpired = true;
    }

    /** Sending stops and nothing more is delivered. */
    void close() {
        closed = true;
        sender = null;
        if (scheduler.inThread()) {
            held.clear();
        } else {
            scheduler.execute(held::clear);
        }
    }

    @Override
    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        Sender s = sender;
        if (closed) {
            throw new IOException(name + ": the ICE session is closed");
        }
        if (consentExpired) {
            throw new IOException("consent expired (RFC 7675)");
        }
        if (s == null) {
            throw new IOException(name + ": no selected pair yet (ICE has not completed)");
        }
        if (componentId < 1 || componentId > components) {
            throw new IOException(name + ": no component " + componentId);
        }
        if (scheduler.inThread()) {
            s.send(componentId, data, offset, length);
            return;
        }
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        scheduler.execute(() -> {
            Sender now = sender;
            if (now == null) {
                return; // closed meanwhile: dropped, as UDP would
            }
            try {
                now.send(componentId, copy, 0, copy.length);
            } catch (IOException e) {
                LOG.debug("{}: media on component {} dropped: {}", name, componentId, e.getMessage());
            }
        });
    }

    @Override
    public void receive(PacketHandler handler) {
        Objects.requireNonNull(handler);
        if (scheduler.inThread()) {
            install(handler);
        } else {
            // On the loop, so that the held datagrams go first and in order.
            scheduler.execute(() -> install(handler));
        }
    }

    private void install(PacketHandler h) {
        this.handler = h;
        Held next;
        while ((next = held.poll()) != null) {
            if (!closed) {
                handOn(h, next.componentId(), next.data(), next.data().length, next.from());
            }
        }
    }

    /** A datagram for this check list's application (the demultiplexer's {@link CheckLists}). Session thread. */
    void deliver(int componentId, byte[] data, int length, InetSocketAddress from) {
        PacketHandler h = handler;
        if (closed) {
            return;
        }
        if (h == null) {
            if (held.size() < HELD_BEFORE_HANDLER) {
                held.add(new Held(componentId, Arrays.copyOf(data, length), from));
            }
            return;
        }
        handOn(h, componentId, data, length, from);
    }

    private void handOn(PacketHandler h, int componentId, byte[] data, int length, InetSocketAddress from) {
        try {
            h.onPacket(componentId, data, length, from);
        } catch (RuntimeException e) {
            LOG.warn("{}: media handler failed", name, e);
        }
    }
}

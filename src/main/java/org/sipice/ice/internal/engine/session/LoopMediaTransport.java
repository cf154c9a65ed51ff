package org.sipice.ice.internal.engine.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.internal.engine.loop.Scheduler;

/**
 * The media of one generation over its agent's selected pairs (RFC 8445 §12).
 *
 * <p>Sending: from the session's thread the datagram goes out at once; from any other thread it
 * is copied and posted to the session's loop (the agent is single-threaded), so the caller never
 * waits. Receiving: the handler runs on the session's loop, in arrival order; it must hand the
 * datagram on, not block. Datagrams that arrive before a handler is installed are dropped, as a
 * socket nobody reads would drop them.
 */
final class LoopMediaTransport implements MediaTransport, PacketDemux.Media {
    private static final Logger LOG = LogManager.getLogger(LoopMediaTransport.class);

    /** The agent's send: over the component's selected pair. */
    @FunctionalInterface
    interface Sender {
        void send(int componentId, byte[] data, int offset, int length) throws IOException;
    }

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
        this.handler = Objects.requireNonNull(handler);
    }

    @Override
    public void deliver(int componentId, byte[] data, int length, InetSocketAddress from) {
        PacketHandler h = handler;
        if (h == null || closed) {
            return;
        }
        try {
            h.onPacket(componentId, data, length, from);
        } catch (RuntimeException e) {
            LOG.warn("{}: media handler failed", name, e);
        }
    }
}

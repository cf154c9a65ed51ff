package org.sipice.ice.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.SipiceSelection;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.sipice.ice.MediaTransport;

/**
 * Media over the selected pairs (reference/ice4j.md §9): sends go to the selected pair's remote
 * address from its local base socket, so they follow a re-selection; receives come from ice4j's
 * per-component socket and yield only media from remote addresses of succeeded pairs, never
 * STUN. One daemon reader thread per component, ended by {@link #close()}.
 */
final class Ice4jMediaTransport implements MediaTransport {
    private static final Logger LOG = LogManager.getLogger(Ice4jMediaTransport.class);
    private static final int MAX_DATAGRAM = 1500;

    private final String name;
    private final Map<Integer, Component> components;
    private final SendGuard guard;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    Ice4jMediaTransport(String name, Map<Integer, Component> components, SendGuard guard) {
        this.name = name;
        this.components = Map.copyOf(components);
        this.guard = guard;
    }

    @Override
    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("ICE session closed");
        }
        guard.beforeSend(componentId);
        Component component = components.get(componentId);
        if (component == null) {
            throw new IOException("no component " + componentId);
        }
        CandidatePair pair = component.getSelectedPair();
        if (pair == null) {
            throw new IOException("component " + componentId + " has no selected pair");
        }
        // RFC 8445 §12.1.1: once a pair is selected, media is sent only on it: from its local
        // base, to its remote candidate. Not through the component socket, which sends from
        // whichever candidate socket last received and would not follow a re-selection.
        DatagramPacket packet = new DatagramPacket(data, offset, length,
                pair.getRemoteCandidate().getTransportAddress());
        SipiceSelection.socketOf(pair).send(packet);
    }

    @Override
    public synchronized void receive(PacketHandler handler) {
        if (!readers.isEmpty()) {
            throw new IllegalStateException("a handler is already installed");
        }
        for (Map.Entry<Integer, Component> e : components.entrySet()) {
            int componentId = e.getKey();
            MultiplexingDatagramSocket socket = e.getValue().getSocket();
            if (socket == null) {
                continue;
            }
            Thread reader = new Thread(() -> read(componentId, socket, handler),
                    "sipice-media-" + name + "-c" + componentId);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void read(int componentId, MultiplexingDatagramSocket socket, PacketHandler handler) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("media reader {} c{} ends: {}", name, componentId, e.toString());
                }
                return;
            }
            byte[] copy = java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                    packet.getOffset() + packet.getLength());
            try {
                handler.onPacket(componentId, copy, copy.length, (InetSocketAddress) packet.getSocketAddress());
            } catch (RuntimeException ex) {
                LOG.warn("media handler of {} failed", name, ex);
            }
        }
    }

    /** Stops the readers. The sockets themselves are closed by the agent. */
    void close() {
        closed = true;
    }

    /** Waits for the reader threads to end once the sockets are closed. */
    void awaitReaders(long millis) {
        List<Thread> copy;
        synchronized (this) {
            copy = new ArrayList<>(readers);
        }
        for (Thread t : copy) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

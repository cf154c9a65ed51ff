package org.sipice.ice.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.SipiceSelection;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.sipice.ice.MediaTransport;
import org.sipice.internal.media.MediaReader;

/**
 * Media over the selected pairs (reference/ice4j.md §9): sends go to the selected pair's remote
 * address from its local base socket, so they follow a re-selection; receives come from ice4j's
 * per-component socket and yield only media from remote addresses of succeeded pairs, never
 * STUN. One daemon reader thread per component, ended by {@link #close()}.
 */
final class Ice4jMediaTransport implements MediaTransport {

    private final String name;
    private final Map<Integer, Component> components;
    private final SendGuard guard;
    private final Map<Integer, MediaCounting> counting;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    Ice4jMediaTransport(String name, Map<Integer, Component> components, SendGuard guard) {
        this.name = name;
        this.components = Map.copyOf(components);
        this.guard = guard;
        Map<Integer, MediaCounting> c = new java.util.HashMap<>();
        components.forEach((id, component) -> c.put(id, new MediaCounting(component)));
        this.counting = Map.copyOf(c);
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
        counting.get(componentId).sent(pair, length);
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
            readers.add(MediaReader.start("sipice-media-" + name + "-c" + componentId, componentId, socket,
                    counting.get(componentId).counting(handler), () -> closed));
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

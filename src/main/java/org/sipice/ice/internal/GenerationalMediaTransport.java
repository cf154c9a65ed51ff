package org.sipice.ice.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.sipice.ice.MediaTransport;

/**
 * The media transport of a session across ICE restarts: sends on the generation in force and
 * receives from every generation still alive (the one in force and a replaced one that still
 * lingers), all into the application's one handler. The application keeps one
 * {@link MediaTransport} for the whole call.
 */
final class GenerationalMediaTransport implements MediaTransport {
    private final Set<MediaTransport> receiving = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile MediaTransport sending;
    private PacketHandler handler;

    /** Whether a generation's transport is in force yet. */
    boolean ready() {
        return sending != null;
    }

    /** Makes {@code generation} the one media is sent on; it also receives. Idempotent. */
    synchronized void use(MediaTransport generation) {
        sending = generation;
        if (receiving.add(generation) && handler != null) {
            generation.receive(handler);
        }
    }

    /** A released generation: nothing more comes from it. */
    synchronized void forget(MediaTransport generation) {
        receiving.remove(generation);
    }

    @Override
    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        MediaTransport m = sending;
        if (m == null) {
            throw new IOException("ICE has not completed");
        }
        // RFC 8445 §9: until the new generation has selected its pairs, the old pairs carry media.
        m.send(componentId, data, offset, length);
    }

    @Override
    public synchronized void receive(PacketHandler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("a handler is already installed");
        }
        this.handler = handler;
        for (MediaTransport m : receiving) {
            m.receive(handler);
        }
    }
}

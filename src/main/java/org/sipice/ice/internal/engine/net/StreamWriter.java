package org.sipice.ice.internal.engine.net;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The writing side of one of the engine's TCP connections (ICE-TCP, RFC 6544; TURN over TCP or
 * TLS, RFC 8656 §3.1): messages sent before the connection is usable (connected; over TLS, the
 * handshake done) wait, at most {@code maxWaiting} of them, then go out in order once it is;
 * beyond that they are dropped, as a datagram the network lost. Session thread only.
 */
public final class StreamWriter {
    private final Channel channel;
    private final int maxWaiting;
    private final List<byte[]> waiting = new ArrayList<>();
    private boolean ready;

    /** For a channel still connecting: sends wait for {@link #ready()}. */
    public StreamWriter(Channel channel, int maxWaiting) {
        this.channel = channel;
        this.maxWaiting = maxWaiting;
    }

    /** For a channel usable at once (an accepted connection). */
    public static StreamWriter ready(Channel channel) {
        StreamWriter writer = new StreamWriter(channel, 0);
        writer.ready = true;
        return writer;
    }

    /** Writes {@code bytes} as they are, now or once the connection is ready. */
    public void send(byte[] bytes) {
        if (ready) {
            StreamChannels.write(channel, bytes);
        } else if (waiting.size() < maxWaiting) {
            waiting.add(bytes);
        }
    }

    /** The connection is usable: what waited goes out, in order, and later sends at once. */
    public void ready() {
        ready = true;
        waiting.forEach(bytes -> StreamChannels.write(channel, bytes));
        waiting.clear();
    }

    public boolean isReady() {
        return ready;
    }

    /** Forgets what waits: the connection is closed or lost. */
    public void drop() {
        waiting.clear();
    }
}

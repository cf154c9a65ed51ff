package org.sipice.b2bua.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.sipice.b2bua.B2buaEvent.RelayCounts;
import org.sipice.ice.MediaTransport;
import org.sipice.internal.media.MediaGap;

/**
 * Media anchoring: every datagram one leg's selected pairs receive goes out on the other leg's,
 * RTP and RTCP, both ways, on the component readers' threads (no queue, no thread of its own).
 * Each leg runs its own ICE, so a restart on one leg moves only that leg's pairs: its transport
 * follows the new generation and the relay does not notice (RFC 8445 §9, make-before-break).
 *
 * <p>Each way also keeps the longest time without RTP from that leg's peer ({@link MediaGap}),
 * until {@link #close()}: a bridge whose media stopped is not a bridge that worked.
 *
 * <p>The legs may disagree on rtcp-mux (RFC 5761): from a muxed leg an RTCP packet (RFC 5761 §4:
 * second byte 192-223) goes to component 2 of a leg that has one; toward a muxed leg everything
 * goes on component 1.
 */
final class MediaRelay implements AutoCloseable {
    private final Direction toOutgoing;
    private final Direction toIncoming;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile long closedNanos;

    private MediaRelay(MediaTransport incoming, boolean incomingHasRtcpComponent, MediaTransport outgoing,
            boolean outgoingHasRtcpComponent) {
        this.toOutgoing = new Direction(outgoing, outgoingHasRtcpComponent);
        this.toIncoming = new Direction(incoming, incomingHasRtcpComponent);
        incoming.receive((component, data, length, from) -> toOutgoing.forward(component, data, length));
        outgoing.receive((component, data, length, from) -> toIncoming.forward(component, data, length));
    }

    /**
     * Starts relaying between two ICE-ready legs.
     *
     * @param incomingHasRtcpComponent whether the incoming leg has a component 2 (no rtcp-mux)
     */
    public static MediaRelay start(MediaTransport incoming, boolean incomingHasRtcpComponent,
            MediaTransport outgoing, boolean outgoingHasRtcpComponent) {
        return new MediaRelay(incoming, incomingHasRtcpComponent, outgoing, outgoingHasRtcpComponent);
    }

    public RelayCounts counts() {
        long until = closed ? closedNanos : System.nanoTime();
        return new RelayCounts(toOutgoing.packets.get(), toOutgoing.bytes.get(), toIncoming.packets.get(),
                toIncoming.bytes.get(), dropped.get(), toOutgoing.gap.longestMillis(until),
                toIncoming.gap.longestMillis(until));
    }

    /** Stops forwarding. The legs' transports close with their ICE sessions. */
    @Override
    public void close() {
        if (!closed) {
            closedNanos = System.nanoTime();
            closed = true;
        }
    }

    /** RFC 5761 §4: RTCP packet types 192-223 in the second byte (RTP payload types stay below 128 there, M bit aside). */
    static boolean isRtcp(byte[] data, int length) {
        if (length < 2) {
            return false;
        }
        int type = data[1] & 0xff;
        return type >= 192 && type <= 223;
    }

    /** One way: the target leg's transport and what went through. */
    private final class Direction {
        private final MediaTransport target;
        private final boolean targetHasRtcpComponent;
        private final AtomicLong packets = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        /** Silence of the peer whose datagrams go this way (RTP on component 1 only). */
        private final MediaGap gap = new MediaGap();

        Direction(MediaTransport target, boolean targetHasRtcpComponent) {
            this.target = target;
            this.targetHasRtcpComponent = targetHasRtcpComponent;
        }

        void forward(int component, byte[] data, int length) {
            if (closed) {
                return;
            }
            if (component == 1 && !isRtcp(data, length)) {
                gap.arrived(System.nanoTime());
            }
            int out = !targetHasRtcpComponent ? 1 : component == 1 && isRtcp(data, length) ? 2 : component;
            try {
                target.send(out, data, 0, length);
                packets.incrementAndGet();
                bytes.addAndGet(length);
            } catch (IOException e) {
                dropped.incrementAndGet(); // the target leg is closing or restarting: media is lossy anyway
            }
        }
    }
}

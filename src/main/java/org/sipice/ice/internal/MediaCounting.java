package org.sipice.ice.internal;

import java.net.InetSocketAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.internal.stats.PairCounters;

/**
 * Counts the media datagrams of one component on the pair they went over, for the stats. The
 * counter of the current pair is looked up once per pair, not once per datagram: a softphone
 * sends 50 a second per call, a B2BUA thousands.
 */
final class MediaCounting {
    private final Component component;
    private final PairCounters counters;
    private volatile Cached sent = Cached.NONE;
    private volatile Cached received = Cached.NONE;

    private record Cached(CandidatePair pair, InetSocketAddress remote, PairCounters.Counter counter) {
        static final Cached NONE = new Cached(null, null, null);
    }

    MediaCounting(Component component) {
        this.component = component;
        this.counters = IceStatsCollector.counters(component);
    }

    /** A datagram of {@code bytes} left on {@code pair}. */
    void sent(CandidatePair pair, int bytes) {
        Cached c = sent;
        if (c.pair != pair) {
            c = new Cached(pair, null, counters.counter(pair.getLocalCandidate().getTransportAddress(),
                    pair.getRemoteCandidate().getTransportAddress()));
            sent = c;
        }
        c.counter.mediaSent(bytes);
    }

    /** {@code handler}, counting each datagram first on the component's selected pair. */
    MediaTransport.PacketHandler counting(MediaTransport.PacketHandler handler) {
        return (componentId, data, length, from) -> {
            CandidatePair selected = component.getSelectedPair();
            if (selected != null) {
                Cached c = received;
                if (c.pair != selected || !from.equals(c.remote)) {
                    c = new Cached(selected, from, counters.counter(
                            selected.getLocalCandidate().getTransportAddress(), from));
                    received = c;
                }
                c.counter.mediaReceived(length);
            }
            handler.onPacket(componentId, data, length, from);
        };
    }
}

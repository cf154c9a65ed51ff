package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.MessageFactory;
import org.sipice.internal.concurrent.Scheduler;

/**
 * The channel bindings of one allocation (RFC 8656 §12): one channel per peer transport address,
 * bound by a ChannelBind (§12.1) the first time the relayed port sends to that address and
 * renewed before its 10 minutes run out. Data goes as ChannelData only once the server confirmed
 * the binding (§12.5); until then, and after a failed renewal, it goes in Send indications.
 * When the 4,096 channel numbers are used up, further peers are reached by Send indications.
 */
final class Channels {
    private final Refreshing refreshing;
    private final Map<InetSocketAddress, Channel> byPeer = new HashMap<>();
    private final Map<Integer, Channel> byNumber = new HashMap<>();
    private int nextNumber = ChannelData.FIRST_CHANNEL;

    private static final class Channel {
        final int number;
        final InetSocketAddress peer;
        boolean bound;

        Channel(int number, InetSocketAddress peer) {
            this.number = number;
            this.peer = peer;
        }
    }

    /** @param failed told why a ChannelBind failed, for {@code IceEvent.TurnRefreshFailed} */
    Channels(Scheduler scheduler, TurnRequests requests, Consumer<TurnError> failed) {
        this.refreshing = new Refreshing(scheduler, requests,
                TurnTimers.channelRefresh(TurnTimers.CHANNEL_LIFETIME), failed);
    }

    /** How often bindings are renewed from now on ({@link TurnTimers#channelRefresh}). */
    void renewEvery(Duration interval) {
        refreshing.every(interval);
    }

    /**
     * Binds a channel to {@code peer} unless one is bound or being bound. RFC 8656 §12.1: the
     * same number and peer again refreshes the binding (and the peer's permission). After a
     * failed bind or renewal, data goes in Send indications until a renewal succeeds: they need
     * only the permission.
     */
    void ensure(InetSocketAddress peer) {
        if (refreshing.closed() || byPeer.containsKey(peer) || nextNumber > ChannelData.LAST_CHANNEL) {
            return;
        }
        Channel c = new Channel(nextNumber++, peer);
        byPeer.put(peer, c);
        byNumber.put(c.number, c);
        TransportAddress address = new TransportAddress(peer, Transport.UDP);
        refreshing.keep(peer, id -> MessageFactory.createChannelBindRequest((char) c.number, address, id.bytes()),
                ok -> c.bound = ok);
    }

    /** The channel data to {@code peer} may use, or -1 while none is confirmed (§12.5). */
    int boundTo(InetSocketAddress peer) {
        Channel c = byPeer.get(peer);
        return c != null && c.bound ? c.number : -1;
    }

    /**
     * The peer of channel {@code number}, or null for a number we never asked for (RFC 8656
     * §12.6: ChannelData on such a channel is discarded). A channel being bound counts: the
     * server may relay on it before its success response arrives.
     */
    InetSocketAddress peerOf(int number) {
        Channel c = byNumber.get(number);
        return c == null ? null : c.peer;
    }

    /** Channels asked for. */
    int size() {
        return byPeer.size();
    }

    /** Stops renewing; the requests in progress are cancelled by the owner. */
    void close() {
        refreshing.close();
    }
}

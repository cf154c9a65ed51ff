package org.sipice.ice.internal.stats;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.TransportAddress;

/**
 * What ice4j does not count, per candidate pair of one agent: checks sent and received, their
 * responses, round trips, media datagrams. ice4j's {@code CandidatePair} keeps only a state; the
 * hooks that see each check (the pair's state changes, the agent's incoming-check hook, our
 * consent checks, our media transport) call in here from ice4j's threads.
 *
 * <p>Pairs are keyed by their 5-tuple (local and remote transport address): ice4j may hold
 * several {@code CandidatePair} objects for one pair (a triggered pair and the known one, RFC
 * 8445 §7.3.1.4), and they are one pair on the wire.
 */
public final class PairCounters {
    /** More pairs than any real check list (ice4j caps it at 100, RFC 8445 §6.1.2.5). */
    static final int MAX_PAIRS = 1000;

    private final Map<String, Counter> byPair = new ConcurrentHashMap<>();
    private final java.util.List<org.ice4j.ice.CandidatePair> created =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The figures of one pair; all updates are atomic, reads may be a moment apart. */
    public static final class Counter {
        final AtomicLong requestsSent = new AtomicLong();
        final AtomicLong requestsReceived = new AtomicLong();
        final AtomicLong responsesSent = new AtomicLong();
        final AtomicLong responsesReceived = new AtomicLong();
        final AtomicLong consentRequestsSent = new AtomicLong();
        final AtomicLong totalRoundTripNanos = new AtomicLong();
        final AtomicLong currentRoundTripNanos = new AtomicLong(-1);
        final AtomicLong lastRequestNanos = new AtomicLong(-1);
        final AtomicLong packetsSent = new AtomicLong();
        final AtomicLong packetsReceived = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong bytesReceived = new AtomicLong();

        public long requestsSent() {
            return requestsSent.get();
        }

        public long requestsReceived() {
            return requestsReceived.get();
        }

        public long responsesSent() {
            return responsesSent.get();
        }

        public long responsesReceived() {
            return responsesReceived.get();
        }

        public long consentRequestsSent() {
            return consentRequestsSent.get();
        }

        /** Seconds, or null before the first response. */
        public Double currentRoundTripTime() {
            long n = currentRoundTripNanos.get();
            return n < 0 ? null : n / 1e9;
        }

        public double totalRoundTripTime() {
            return totalRoundTripNanos.get() / 1e9;
        }

        public long packetsSent() {
            return packetsSent.get();
        }

        public long packetsReceived() {
            return packetsReceived.get();
        }

        public long bytesSent() {
            return bytesSent.get();
        }

        public long bytesReceived() {
            return bytesReceived.get();
        }

        /** One media datagram of {@code bytes} sent on the pair. */
        public void mediaSent(int bytes) {
            packetsSent.incrementAndGet();
            bytesSent.addAndGet(bytes);
        }

        /** One media datagram of {@code bytes} received on the pair. */
        public void mediaReceived(int bytes) {
            packetsReceived.incrementAndGet();
            bytesReceived.addAndGet(bytes);
        }

        private void roundTrip(long nanos) {
            if (nanos < 0) {
                return;
            }
            responsesReceived.incrementAndGet();
            totalRoundTripNanos.addAndGet(nanos);
            currentRoundTripNanos.set(nanos);
        }
    }

    /**
     * ice4j made a pair. Kept because ice4j forgets some: once a component has a nominated pair it
     * drops the waiting and frozen ones from the check list (RFC 8445 §8.1.2), and a valid pair
     * with a peer-reflexive local candidate never joins it (§7.2.5.3.2).
     */
    public void pairCreated(org.ice4j.ice.CandidatePair pair) {
        if (created.size() < MAX_PAIRS) {
            created.add(pair);
        }
    }

    /** Every pair ice4j made, in order of creation (several objects may share one 5-tuple). */
    public java.util.List<org.ice4j.ice.CandidatePair> createdPairs() {
        return java.util.List.copyOf(created);
    }

    /** A connectivity check (not a retransmission) left on the pair (RFC 8445 §7.2.4). */
    public void checkSent(TransportAddress local, TransportAddress remote) {
        Counter c = counter(local, remote);
        c.requestsSent.incrementAndGet();
        c.lastRequestNanos.set(System.nanoTime());
    }

    /**
     * A success response to the pair's latest check arrived (RFC 8445 §7.2.5.3): its round trip
     * runs from when that check left.
     */
    public void checkSucceeded(TransportAddress local, TransportAddress remote) {
        Counter c = counter(local, remote);
        long sent = c.lastRequestNanos.get();
        if (sent >= 0) {
            c.roundTrip(System.nanoTime() - sent);
        }
    }

    /** A consent check (RFC 7675 §5.1) left on the pair. */
    public void consentSent(TransportAddress local, TransportAddress remote) {
        Counter c = counter(local, remote);
        c.requestsSent.incrementAndGet();
        c.consentRequestsSent.incrementAndGet();
    }

    /** An authenticated success response to a consent check sent {@code roundTripNanos} ago. */
    public void consentAnswered(TransportAddress local, TransportAddress remote, long roundTripNanos) {
        counter(local, remote).roundTrip(roundTripNanos);
    }

    /** The peer's authenticated check arrived on the pair; {@code answered}: a success response went back. */
    public void checkReceived(TransportAddress local, TransportAddress remote, boolean answered) {
        Counter c = counter(local, remote);
        c.requestsReceived.incrementAndGet();
        if (answered) {
            c.responsesSent.incrementAndGet();
        }
    }

    /**
     * The counter of a pair, created if needed: for the media path, which looks it up once per
     * selected pair rather than once per datagram.
     */
    public Counter counter(TransportAddress local, java.net.InetSocketAddress remote) {
        return byPair.computeIfAbsent(key(local, remote), k -> new Counter());
    }

    /** The figures of a pair, if anything was counted on it. */
    public Optional<Counter> of(TransportAddress local, TransportAddress remote) {
        return Optional.ofNullable(byPair.get(key(local, remote)));
    }

    private static String key(java.net.InetSocketAddress local, java.net.InetSocketAddress remote) {
        return hostPort(local) + " " + hostPort(remote);
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        int scope = host.indexOf('%'); // an IPv6 scope id is on some copies of an address only
        return (scope < 0 ? host : host.substring(0, scope)) + ":" + a.getPort();
    }
}

package org.sipice.ice.internal.engine.mux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Which muxed session sent each STUN request still waiting for its response, so that the
 * response goes back to that session whatever address it comes from (two sessions asking the
 * same STUN server share its 5-tuple; RFC 8489 §6.3.1 matches a response by transaction id).
 *
 * <p>An entry is removed when its response arrives, when its session closes, or once
 * {@link #LIFETIME} has passed (the sweep); the table never holds more than {@link #MAX} ids.
 * Written from session threads (a send), read from the mux's thread (a response).
 */
final class TransactionRoutes {
    /**
     * RFC 8489 §6.2.1: a client transaction over UDP lasts at most 39.5 s (Rc = 7, RTO 500 ms,
     * Rm = 16); a response later than that has no transaction left to complete.
     */
    static final Duration LIFETIME = Duration.ofSeconds(40);
    /**
     * Requests in flight on one mux port at once: 10,000 sessions pacing checks at Ta 20 ms with
     * retransmissions stay far below; past it a request is sent unrecorded (counted), and its
     * response falls back to the 5-tuple.
     */
    static final int MAX = 1 << 16;

    private record Route(MuxedPort port, long expiresNanos) {
    }

    private final Scheduler clock;
    private final Map<TransactionId, Route> routes = new ConcurrentHashMap<>();
    private final LongAdder overflows = new LongAdder();

    TransactionRoutes(Scheduler clock) {
        this.clock = clock;
    }

    /** Remembers that {@code port} sent request {@code id} (again, for a retransmission). */
    void record(TransactionId id, MuxedPort port) {
        if (routes.size() >= MAX && !routes.containsKey(id)) {
            sweep();
            if (routes.size() >= MAX) {
                overflows.increment();
                return;
            }
        }
        routes.put(id, new Route(port, clock.nanoTime() + LIFETIME.toNanos()));
        port.transactionIds().add(id);
    }

    /** The port that sent request {@code id}, forgotten from now on; null when none is waiting. */
    MuxedPort take(TransactionId id) {
        Route route = routes.remove(id);
        if (route == null) {
            return null;
        }
        route.port().transactionIds().remove(id);
        return route.expiresNanos() - clock.nanoTime() >= 0 ? route.port() : null;
    }

    /** Forgets every request of {@code port} (it closed). */
    void forget(MuxedPort port) {
        for (TransactionId id : port.transactionIds()) {
            Route route = routes.get(id);
            if (route != null && route.port() == port) {
                routes.remove(id, route);
            }
        }
        port.transactionIds().clear();
    }

    /** Removes the entries older than {@link #LIFETIME}. */
    void sweep() {
        long now = clock.nanoTime();
        routes.entrySet().removeIf(e -> {
            boolean expired = e.getValue().expiresNanos() - now < 0;
            if (expired) {
                e.getValue().port().transactionIds().remove(e.getKey());
            }
            return expired;
        });
    }

    void clear() {
        routes.clear();
    }

    int size() {
        return routes.size();
    }

    /** Requests sent unrecorded because the table was full. */
    long overflows() {
        return overflows.sum();
    }
}

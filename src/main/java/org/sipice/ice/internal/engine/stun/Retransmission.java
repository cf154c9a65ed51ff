package org.sipice.ice.internal.engine.stun;

import java.time.Duration;

/**
 * How a STUN request over UDP is retransmitted (RFC 8489 §6.2.1): first after {@code rto}, then
 * each wait doubles; {@code maxRequests} requests in all (Rc); after the last one the client
 * waits {@code lastWaitFactor} × RTO (Rm) before the transaction times out.
 *
 * @param rto            the initial retransmission timeout
 * @param maxRequests    Rc, the number of requests sent before giving up (at least 1)
 * @param lastWaitFactor Rm, the multiple of the initial RTO waited after the last request
 */
public record Retransmission(Duration rto, int maxRequests, int lastWaitFactor) {

    /**
     * RFC 8489 §6.2.1 defaults: RTO 500 ms, Rc 7, Rm 16; a server that never answers is given
     * up after 39.5 s. Used for TURN requests.
     */
    public static final Retransmission RFC_8489 = new Retransmission(Duration.ofMillis(500), 7, 16);

    public Retransmission {
        if (rto.isNegative() || rto.isZero() || maxRequests < 1 || lastWaitFactor < 1) {
            throw new IllegalArgumentException("bad retransmission: " + rto + " x" + maxRequests + " Rm " + lastWaitFactor);
        }
    }

    /** The wait after request {@code n} (1-based): RTO × 2^(n-1), or RTO × Rm after the last. */
    public Duration waitAfter(int n) {
        if (n >= maxRequests) {
            return rto.multipliedBy(lastWaitFactor);
        }
        return rto.multipliedBy(1L << Math.min(n - 1, 20));
    }

    /** Total time from the first request to the time-out. */
    public Duration timeout() {
        Duration total = Duration.ZERO;
        for (int n = 1; n <= maxRequests; n++) {
            total = total.plus(waitAfter(n));
        }
        return total;
    }
}

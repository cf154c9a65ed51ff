package org.sipice.ice.internal.turn;

import java.time.Duration;

/**
 * When a TURN allocation, its permissions and its channel bindings are refreshed, and how long
 * closing waits for the allocation to be deleted. ice4j refreshes none of them on time
 * (reference/ice4j.md §7.3, upstream jitsi/ice4j #74, #78), so sipice does.
 */
final class TurnTimers {

    /** RFC 8656 §7.2: without a LIFETIME attribute an allocation lasts 600 s. */
    static final Duration DEFAULT_ALLOCATION_LIFETIME = Duration.ofSeconds(600);

    /**
     * How long before expiry at the latest a refresh is sent. RFC 8656 §8 asks the client to
     * refresh "before its expiry"; one minute leaves room for retransmissions (RFC 8489 §6.2.1:
     * a transaction times out after 39.5 s at the default RTO).
     */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** RFC 8656 §9: a permission lasts 300 s and "cannot be changed" by the client. */
    static final Duration PERMISSION_LIFETIME = Duration.ofSeconds(300);

    /** RFC 8656 §12: a channel binding lasts 600 s. */
    static final Duration CHANNEL_LIFETIME = Duration.ofSeconds(600);

    /**
     * How long {@code close()} waits for the Refresh(LIFETIME=0) answers, a stale-nonce retry
     * included (two round trips plus two retransmissions on loopback or a LAN). A server that
     * does not answer in time keeps the allocation until it expires on its own.
     */
    static final Duration DEALLOCATE_TIMEOUT = Duration.ofMillis(500);

    private TurnTimers() {
    }

    /**
     * When to refresh an allocation granted for {@code lifetime}: at half its lifetime, or one
     * {@link #REFRESH_MARGIN} before expiry, whichever is later (600 s → 540 s, 8 s → 4 s).
     */
    static Duration allocationRefresh(Duration lifetime) {
        Duration half = lifetime.dividedBy(2);
        Duration late = lifetime.minus(REFRESH_MARGIN);
        return late.compareTo(half) > 0 ? late : half;
    }

    /**
     * How often permissions and channel bindings are renewed: one {@link #REFRESH_MARGIN} before
     * a permission expires (240 s; channels last longer and are renewed with them), and never
     * less often than the allocation itself is refreshed, so a server with short lifetimes keeps
     * every piece of the allocation alive.
     */
    static Duration permissionRefresh(Duration allocationRefresh) {
        Duration beforeExpiry = PERMISSION_LIFETIME.minus(REFRESH_MARGIN);
        return allocationRefresh.compareTo(beforeExpiry) < 0 ? allocationRefresh : beforeExpiry;
    }
}

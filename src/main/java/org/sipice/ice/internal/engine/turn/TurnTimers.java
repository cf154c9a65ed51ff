package org.sipice.ice.internal.engine.turn;

import java.time.Duration;
import org.sipice.ice.internal.engine.stun.Retransmission;

/**
 * When a TURN allocation, its permissions and its channel bindings are refreshed, and how its
 * requests are retransmitted. The rules are those of sipice's earlier engine, which its tests
 * against coturn hold to (docs/ENGINE.md, "TURN client").
 */
final class TurnTimers {

    /** RFC 8656 §7.3: without a LIFETIME attribute an allocation lasts the default 600 s. */
    static final Duration DEFAULT_ALLOCATION_LIFETIME = Duration.ofSeconds(600);

    /**
     * How long before expiry at the latest a refresh is sent. RFC 8656 §8 asks the client to
     * refresh before expiry and suggests about one minute; it leaves room for retransmissions
     * (RFC 8489 §6.2.1: a transaction times out after 39.5 s at the default RTO).
     */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** A server that grants a lifetime of 0 or 1 s does not make us refresh in a loop. */
    static final Duration MIN_REFRESH = Duration.ofSeconds(1);

    /** RFC 8656 §9: a permission lasts 300 s and the client cannot change that. */
    static final Duration PERMISSION_LIFETIME = Duration.ofSeconds(300);

    /** RFC 8656 §12: a channel binding lasts 10 minutes. */
    static final Duration CHANNEL_LIFETIME = Duration.ofSeconds(600);

    /** A Refresh that timed out is retried while at least this much of the lifetime is left. */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(2);

    /**
     * The Allocate transactions (challenge, then the authenticated request) run during call
     * setup, inside the 800 ms gathering deadline ({@code IceDefaults.GATHERING_TIMEOUT}):
     * with RFC 8489's 500 ms RTO one lost datagram would push the relayed candidate past it.
     * RFC 8489 §6.2.1 lets the RTO follow the path's round trip; 250 ms still covers a 200 ms
     * RTT path without spurious retransmissions, and one loss then costs 250 ms. Rc and Rm keep
     * their defaults (a silent server is given up after 19.75 s).
     */
    static final Retransmission ALLOCATE = new Retransmission(Duration.ofMillis(250), 7, 16);

    /** Refresh, CreatePermission, ChannelBind, deletion: nothing waits on them, RFC 8489 defaults. */
    static final Retransmission MAINTENANCE = Retransmission.RFC_8489;

    private TurnTimers() {
    }

    /**
     * When to refresh an allocation granted for {@code lifetime} (RFC 8656 §8): one
     * {@link #REFRESH_MARGIN} before expiry, or at half the lifetime when that is later
     * (600 s → 540 s, 20 s → 10 s), never sooner than {@link #MIN_REFRESH}.
     */
    static Duration allocationRefresh(Duration lifetime) {
        Duration half = lifetime.dividedBy(2);
        Duration late = lifetime.minus(REFRESH_MARGIN);
        Duration at = late.compareTo(half) > 0 ? late : half;
        return at.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : at;
    }

    /**
     * How often a permission is renewed: one {@link #REFRESH_MARGIN} before it expires (240 s,
     * RFC 8656 §9), and at least as often as the allocation was first refreshed. A server that
     * grants short allocations may well keep permissions as short (coturn's
     * {@code permission-lifetime}), and RFC 8656 gives no way to learn it.
     */
    static Duration permissionRefresh(Duration firstAllocationRefresh) {
        return min(PERMISSION_LIFETIME.minus(REFRESH_MARGIN), firstAllocationRefresh);
    }

    /** How often a channel binding is renewed: 9 minutes (RFC 8656 §12), or as permissions above. */
    static Duration channelRefresh(Duration firstAllocationRefresh) {
        return min(CHANNEL_LIFETIME.minus(REFRESH_MARGIN), firstAllocationRefresh);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

package org.sipice.ice.internal.turn;

import java.time.Duration;

/**
 * What one allocation reports to its session's {@link TurnAllocations}. Called on ice4j's STUN
 * threads or sipice's timer work; implementations only record or post, never block.
 */
interface AllocationListener {

    /** The Allocate succeeded (RFC 8656 §7.3). */
    void allocated(RefreshingTurnHarvest allocation, Duration lifetime);

    /** An allocation Refresh succeeded (RFC 8656 §8). */
    void refreshed(RefreshingTurnHarvest allocation, Duration lifetime);

    /** A Refresh, CreatePermission or ChannelBind of a live allocation failed. */
    void refreshFailed(RefreshingTurnHarvest allocation, String reason);
}

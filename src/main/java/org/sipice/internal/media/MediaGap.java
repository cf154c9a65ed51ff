package org.sipice.internal.media;

/**
 * The longest time without a packet from the peer while a call was up, counted from the first
 * packet: the figure that tells a call whose media stopped (consent lost, a peer that froze, a
 * path that broke) from one that merely ended. Fed from a media reader thread, read once the call
 * is over; times are {@link System#nanoTime()}.
 */
public final class MediaGap {
    private long first;
    private long last;
    private long longest;

    /** A packet arrived at {@code atNanos}. */
    public synchronized void arrived(long atNanos) {
        if (first == 0) {
            first = atNanos;
        } else {
            longest = Math.max(longest, atNanos - last);
        }
        last = atNanos;
    }

    /** Whether any packet arrived. */
    public synchronized boolean started() {
        return first != 0;
    }

    /**
     * The longest silence between the first packet and {@code untilNanos} (when the call stopped
     * being up), in milliseconds; 0 when no packet arrived.
     */
    public synchronized long longestMillis(long untilNanos) {
        if (first == 0) {
            return 0;
        }
        return Math.max(longest, untilNanos - last) / 1_000_000;
    }
}

package org.sipice.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Waits for a process-wide count (threads, sockets) to reach a bound. Such counts have no event
 * to wait on, so they are sampled; the deadline, not the sampling interval, is what a test
 * asserts.
 */
public final class Eventually {
    private static final long SAMPLE_MS = 100;

    private Eventually() {
    }

    /** Asserts that {@code value} drops to {@code limit} or below within {@code timeout}. */
    public static void atMost(IntSupplier value, int limit, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int v = value.getAsInt();
        Object monitor = new Object();
        while (v > limit && System.nanoTime() < deadline) {
            synchronized (monitor) {
                monitor.wait(SAMPLE_MS); // sampling interval of a count
            }
            v = value.getAsInt();
        }
        int last = v;
        assertTrue(last <= limit, () -> what.get() + ": " + last + " > " + limit);
    }

    /** Asserts that {@code value} rises to {@code limit} or above within {@code timeout}. */
    public static void atLeast(IntSupplier value, int limit, Duration timeout, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int v = value.getAsInt();
        Object monitor = new Object();
        while (v < limit && System.nanoTime() < deadline) {
            synchronized (monitor) {
                monitor.wait(SAMPLE_MS); // sampling interval of a count
            }
            v = value.getAsInt();
        }
        int last = v;
        assertTrue(last >= limit, () -> what.get() + ": " + last + " < " + limit);
    }
}

package org.sipice.internal.concurrent;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on fake time for tests: nothing runs until the test calls
 * {@link #runPending()} or {@link #advance(Duration)}, and the clock moves only then. Tasks due
 * at the same instant run in the order they were scheduled. Single-threaded: the test's thread
 * is the session's thread.
 */
public final class FakeScheduler implements Scheduler {

    private record Task(long dueNanos, long seq, Runnable body, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, seq++, task, new boolean[1]));
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        queue.add(new Task(now + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public boolean inThread() {
        return true;
    }

    /** Runs every task due now (including those they schedule for now). */
    public void runPending() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward by {@code d}, running each task when its time comes. */
    public void advance(Duration d) {
        long until = now + d.toNanos();
        while (!queue.isEmpty() && queue.peek().dueNanos() <= until) {
            Task t = queue.poll();
            now = Math.max(now, t.dueNanos());
            if (!t.cancelled()[0]) {
                t.body().run();
            }
        }
        now = until;
    }

    /** Advances until {@code condition} holds, at most {@code limit} of fake time; true if it held. */
    public boolean advanceUntil(java.util.function.BooleanSupplier condition, Duration limit) {
        long until = now + limit.toNanos();
        while (!condition.getAsBoolean()) {
            Task next = queue.peek();
            if (next == null || next.dueNanos() > until) {
                now = until;
                return condition.getAsBoolean();
            }
            queue.poll();
            now = Math.max(now, next.dueNanos());
            if (!next.cancelled()[0]) {
                next.body().run();
            }
        }
        return true;
    }

    /** Fake time elapsed since the scheduler was made. */
    public Duration elapsed() {
        return Duration.ofNanos(now - 1_000_000_000L);
    }

    /** Tasks waiting, cancelled ones included. */
    public int queued() {
        return queue.size();
    }
}

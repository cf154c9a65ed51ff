package org.sipice.internal.concurrent;

import java.time.Duration;

/**
 * A {@link FakeScheduler} seen through the code under test: it counts the timers that code
 * scheduled and that have neither run nor been cancelled, so a test can say "nothing of ours is
 * left" while other code on the same fake time goes on (the fake network's deliveries go to the
 * fake scheduler directly and are not counted).
 */
public final class CountingScheduler implements Scheduler {
    private final FakeScheduler time;
    private int live;

    public CountingScheduler(FakeScheduler time) {
        this.time = time;
    }

    /** Timers scheduled through this scheduler that will still run. */
    public int live() {
        return live;
    }

    @Override
    public long nanoTime() {
        return time.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] over = new boolean[1];
        live++;
        Timer timer = time.schedule(delay, () -> {
            if (!over[0]) {
                over[0] = true;
                live--;
                task.run();
            }
        });
        return () -> {
            timer.cancel();
            if (!over[0]) {
                over[0] = true;
                live--;
            }
        };
    }

    @Override
    public boolean inThread() {
        return true;
    }
}

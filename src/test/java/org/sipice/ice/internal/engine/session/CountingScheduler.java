package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.internal.concurrent.Scheduler;

/**
 * A {@link FakeScheduler} seen through the sessions under test: it counts the timers they
 * scheduled that have neither run nor been cancelled, so a test can say "nothing of theirs is
 * left" while other sessions on the same fake time go on (the fake network's deliveries go to
 * the fake scheduler directly and are not counted). The session package's twin of the agent
 * tests' {@code TrackingScheduler}.
 */
final class CountingScheduler implements Scheduler {
    private final FakeScheduler time;
    private int live;

    CountingScheduler(FakeScheduler time) {
        this.time = time;
    }

    /** Timers scheduled through this scheduler that will still run. */
    int live() {
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

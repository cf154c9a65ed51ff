package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.internal.concurrent.Executors;

/**
 * The SIP layer's clock and timers in production: {@link System#nanoTime()} and sipice's shared
 * timer thread. Every SIP-layer timer (the ringing gate, the retransmitted 183's back-off, the
 * wait for the ACK, the 491 back-off) and every event stamp of a call reads the {@link Scheduler}
 * in {@link SipContext#timers}, the engine's own seam shape ({@code engine.loop.Scheduler}); tests
 * give one on fake time ({@code FakeScheduler}). Timer tasks only post to a call's executor.
 */
final class SipTimers implements Scheduler {
    /** The one production instance. */
    static final Scheduler SYSTEM = new SipTimers();

    private SipTimers() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        Executors.workers().execute(task);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = Executors.timer().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** False: the SIP layer's state lives on each call's own executor, not on a timer thread. */
    @Override
    public boolean inThread() {
        return false;
    }
}

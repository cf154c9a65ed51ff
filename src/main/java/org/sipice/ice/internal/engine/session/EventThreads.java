package org.sipice.ice.internal.engine.session;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.ice.internal.engine.loop.IceLoop;

/**
 * The threads that call applications' {@link org.sipice.ice.IceEventListener}s and complete the
 * futures they wait on, for every session of the process: as many as the event loops, started
 * together on first use and kept, so the thread count does not depend on the number of sessions
 * (issue 12: a fixed number of threads for the whole process).
 *
 * <p>Listeners never run on an event loop: a listener that blocks delays the events of sessions
 * sharing its thread, never their packets or timers ({@code IceEventListener}: "must not block
 * for long").
 */
final class EventThreads {
    static final int THREADS = IceLoop.THREADS;

    private static final class Holder {
        static final Executor SHARED = create();
    }

    private EventThreads() {
    }

    /** The shared pool; each session wraps it in its own {@code SerialExecutor}. */
    static Executor shared() {
        return Holder.SHARED;
    }

    private static Executor create() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sipice-ice-events-" + n.incrementAndGet());
                    t.setDaemon(true); // an application that forgets to close a session can still exit
                    return t;
                });
        pool.prestartAllCoreThreads();
        return pool;
    }
}

package org.sipice.internal.concurrent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each call and each ICE
 * session owns one, so their work is serialised without a thread of its own and no JAIN-SIP
 * callback ever waits for it.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LogManager.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("task of {} failed", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return "SerialExecutor[" + name + "]";
    }
}

package org.sipice.ice.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceSessionPool;
import org.sipice.ice.IceState;
import org.sipice.ice.internal.engine.session.LoopSession;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * What {@link IceSessionPool#create} returns: sessions gathered in advance on sipice's executors,
 * each a {@link LoopSession} whose events an {@link IceEventRelay} keeps until {@link #take} wraps
 * it in a {@link RestartableIceSession} for the taker. The contract is {@link IceSessionPool}'s.
 */
public final class SessionPool implements IceSessionPool {
    private static final Logger LOG = LogManager.getLogger(SessionPool.class);

    private record Pooled(LoopSession session, IceEventRelay relay, long readySinceNanos) {
    }

    private final IceConfig config;
    private final int size;
    private final Duration maxIdle;
    private final SerialExecutor serial;
    private final ArrayDeque<Pooled> ready = new ArrayDeque<>();
    private final Set<LoopSession> gathering = new HashSet<>();
    private final ScheduledFuture<?> sweeper;
    private boolean closed;
    private long taken;
    private long missed;
    private long discarded;

    private SessionPool(IceConfig config, int size, Duration maxIdle) {
        this.config = Objects.requireNonNull(config);
        if (size < 0) {
            throw new IllegalArgumentException("pool size must not be negative: " + size);
        }
        if (maxIdle.isNegative() || maxIdle.isZero()) {
            throw new IllegalArgumentException("max idle age must be positive: " + maxIdle);
        }
        this.size = size;
        this.maxIdle = maxIdle;
        this.serial = new SerialExecutor(Executors.workers(), "ice-pool");
        // Half the age: a session is discarded at most 1.5 x maxIdle after it was gathered, and
        // take() never hands out one older than maxIdle.
        long period = Math.max(1, maxIdle.toMillis() / 2);
        this.sweeper = Executors.timer().scheduleAtFixedRate(() -> serial.execute(this::sweep), period, period,
                TimeUnit.MILLISECONDS);
    }

    /** A pool of {@code size} sessions for {@code config}; it starts gathering at once. */
    public static SessionPool start(IceConfig config, int size, Duration maxIdle) {
        SessionPool pool = new SessionPool(config, size, maxIdle);
        pool.refill();
        return pool;
    }

    @Override
    public IceSession take(IceRole role, IceEventListener listener) {
        Objects.requireNonNull(role);
        IceEventListener to = listener == null ? IceEventListener.NONE : listener;
        Pooled hit = null;
        List<Pooled> stale = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the ICE session pool is closed");
            }
            while (hit == null && !ready.isEmpty()) {
                Pooled p = ready.poll();
                if (fresh(p, System.nanoTime())) {
                    hit = p;
                } else {
                    stale.add(p);
                }
            }
            discarded += stale.size();
            if (hit != null) {
                taken++;
            } else {
                missed++;
            }
        }
        discard(stale);
        IceSession session;
        if (hit != null) {
            IceEventRelay relay = hit.relay();
            LoopSession pooled = hit.session();
            // Wrapped like a fresh session, so that it can restart (RFC 8445 §9) too.
            session = RestartableIceSession.adopt(config, role, to, pooled,
                    generation -> pooled.handOver(role, () -> relay.attach(generation)));
        } else {
            session = new RestartableIceSession(config, role, to);
        }
        refill();
        return session;
    }

    @Override
    public synchronized boolean awaitReady(int count, Duration timeout) throws InterruptedException {
        if (count > size) {
            throw new IllegalArgumentException("the pool holds at most " + size + " sessions");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed && ready.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return !closed;
    }

    @Override
    public synchronized Stats stats() {
        return new Stats(ready.size(), gathering.size(), taken, missed, discarded);
    }

    @Override
    public IceConfig config() {
        return config;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Duration maxIdle() {
        return maxIdle;
    }

    @Override
    public void close() {
        List<LoopSession> owned = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ready.forEach(p -> owned.add(p.session()));
            owned.addAll(gathering);
            ready.clear();
            gathering.clear();
            notifyAll();
        }
        sweeper.cancel(false);
        owned.forEach(LoopSession::close);
    }

    // ---- background: refill, sweep ------------------------------------------------------

    /** Starts gathering sessions until ready + gathering reaches the pool size. */
    private void refill() {
        List<LoopSession> started = new ArrayList<>();
        List<IceEventRelay> relays = new ArrayList<>();
        synchronized (this) {
            while (!closed && ready.size() + gathering.size() < size) {
                IceEventRelay relay = new IceEventRelay();
                // The role is a placeholder: take() sets the real one.
                LoopSession session = new LoopSession(config, IceRole.CONTROLLED, relay);
                gathering.add(session);
                started.add(session);
                relays.add(relay);
            }
        }
        for (int i = 0; i < started.size(); i++) {
            LoopSession session = started.get(i);
            IceEventRelay relay = relays.get(i);
            session.gather().whenComplete((local, error) -> serial.execute(() -> gathered(session, relay, error)));
        }
    }

    private void gathered(LoopSession session, IceEventRelay relay, Throwable error) {
        boolean keep;
        synchronized (this) {
            boolean ours = gathering.remove(session);
            keep = ours && error == null && !closed;
            if (keep) {
                ready.add(new Pooled(session, relay, System.nanoTime()));
                notifyAll();
            }
        }
        if (!keep) {
            // A failed gathering is retried at the next sweep, not at once: no busy loop when,
            // say, the machine has no usable address.
            if (error != null && !closed) {
                LOG.info("pooled ICE session failed to gather: {}", error.toString());
            }
            session.close();
        }
    }

    private void sweep() {
        List<Pooled> stale = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            for (Iterator<Pooled> it = ready.iterator(); it.hasNext();) {
                Pooled p = it.next();
                if (!fresh(p, now)) {
                    it.remove();
                    stale.add(p);
                }
            }
            discarded += stale.size();
        }
        stale.forEach(p -> p.session().close());
        refill();
    }

    /** Still usable: gathered (not failed or closed meanwhile) and younger than the max idle age. */
    private boolean fresh(Pooled p, long now) {
        return p.session().state() == IceState.GATHERED && now - p.readySinceNanos() <= maxIdle.toNanos();
    }

    /** Closes stale sessions off the caller's thread: take() must not wait for sockets to close. */
    private void discard(List<Pooled> stale) {
        if (!stale.isEmpty()) {
            serial.execute(() -> stale.forEach(p -> p.session().close()));
        }
    }

    @Override
    public synchronized String toString() {
        return "SessionPool{size=" + size + ", ready=" + ready.size() + ", gathering=" + gathering.size()
                + ", maxIdle=" + maxIdle.toMillis() + "ms}";
    }
}

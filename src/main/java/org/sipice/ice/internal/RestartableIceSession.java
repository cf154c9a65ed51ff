package org.sipice.ice.internal;

import org.sipice.ice.IceStats;
import org.sipice.ice.internal.engine.session.LoopSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * The {@link IceSession} applications get: one session across ICE restarts (RFC 8445 §9).
 *
 * <p>Each generation is a {@link LoopSession}: a restart is a new generation with new
 * credentials and a fresh gathering (RFC 8445 §9: new ufrag and pwd, the check lists and valid
 * lists start again), as jitsi-videobridge does. Make-before-break: while the
 * next generation gathers and checks, the current one keeps carrying media; when the next one
 * completes it is put in force and the replaced one is released after
 * {@link #PREVIOUS_GENERATION_LINGER}. Roles are kept across a restart (RFC 8445 §9).
 *
 * <p>Events of every generation reach the listener in order, one at a time, on this session's
 * own executor. A restart reads: {@code RestartStarted}, the new generation's gathering and
 * check events, then {@code RestartCompleted} (in place of {@code Completed}) or
 * {@code RestartFailed}. A replaced generation's later events are history and not reported.
 */
public final class RestartableIceSession implements IceSession {
    private static final Logger LOG = LogManager.getLogger(RestartableIceSession.class);

    /**
     * How long a replaced generation still receives after the switch. The peer switches when
     * its own new generation completes, about one round trip after or before ours; what it
     * sends on the old pairs meanwhile must still arrive (make-before-break, RFC 8445 §9).
     */
    static final Duration PREVIOUS_GENERATION_LINGER = Duration.ofSeconds(2);
    /** How long an application thread's {@link #close()} waits for the sockets, as a generation's own. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final IceConfig config;
    private final IceEventListener listener;
    private final SerialExecutor events;
    private final GenerationalMediaTransport media = new GenerationalMediaTransport();
    private final Object lock = new Object();
    private final List<Generation> lingering = new ArrayList<>();
    private Generation current;
    private Generation next;
    private int restarts;
    private boolean closed;
    private volatile IceRole role;
    /** Only on {@link #events}: after {@code Closed} nothing more is reported. */
    private boolean closedReported;
    /** Completes once every generation's sockets are released after {@link #closeAsync()}. */
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    public RestartableIceSession(IceConfig config, IceRole role, IceEventListener listener) {
        this.config = config;
        this.role = role;
        this.listener = listener == null ? IceEventListener.NONE : listener;
        this.events = new SerialExecutor(Executors.workers(), "ice-session-events");
        this.current = new Generation(0, role);
    }

    private RestartableIceSession(IceConfig config, IceRole role, IceEventListener listener, LoopSession gathered) {
        this.config = config;
        this.role = role;
        this.listener = listener == null ? IceEventListener.NONE : listener;
        this.events = new SerialExecutor(Executors.workers(), "ice-session-events");
        this.current = new Generation(gathered);
    }

    /**
     * A session whose first generation was gathered in advance (IceSessionPool).
     *
     * @param attach called once with the listener the pooled generation must report to from
     *        now on (its events so far included, in order)
     */
    public static RestartableIceSession adopt(IceConfig config, IceRole role, IceEventListener listener,
            LoopSession gathered, Consumer<IceEventListener> attach) {
        RestartableIceSession session = new RestartableIceSession(config, role, listener, gathered);
        attach.accept(session.current.listener);
        return session;
    }

    /** One ICE generation: one engine session, its credentials, candidates and pairs. */
    private final class Generation {
        final int number;
        final LoopSession session;
        final long createdNanos = System.nanoTime();
        final IceEventListener listener = event -> events.execute(() -> onEvent(this, event));
        /** Only for a replaced generation: the timer that will release it. */
        volatile ScheduledFuture<?> release;

        Generation(int number, IceRole role) {
            this.number = number;
            this.session = new LoopSession(config, role, listener);
        }

        Generation(LoopSession gathered) {
            this.number = 0;
            this.session = gathered;
        }
    }

    @Override
    public CompletableFuture<LocalIce> gather() {
        return inForce().session.gather();
    }

    private Generation inForce() {
        synchronized (lock) {
            return current;
        }
    }

    @Override
    public void start(RemoteIce remote) {
        Generation target;
        synchronized (lock) {
            // A description received after restart() is the peer's restarted one (RFC 8839 §4.4.1.1.1).
            target = next != null ? next : current;
        }
        target.session.start(remote);
    }

    @Override
    public CompletableFuture<LocalIce> restart() {
        Generation generation;
        Generation replaced;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("ICE session closed"));
            }
            IceState s = current.session.state();
            if (s == IceState.NEW || s == IceState.GATHERING) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("nothing to restart before the first gathering (state " + s + ")"));
            }
            replaced = next;
            generation = new Generation(++restarts, current.session.role()); // RFC 8445 §9: roles are kept
            next = generation;
        }
        if (replaced != null) {
            // A newer offer replaces an unfinished restart: its generation is abandoned.
            replaced.session.close();
            int number = replaced.number;
            events.execute(() -> emit(new IceEvent.RestartFailed(number, "replaced by restart " + generation.number)));
        }
        LOG.info("{}: ICE restart {} (RFC 8445 §9), role {} kept", generation.session, generation.number, role);
        events.execute(() -> emit(new IceEvent.RestartStarted(generation.number)));
        return generation.session.gather();
    }

    @Override
    public CompletableFuture<List<CandidatePairInfo>> completion() {
        return inForce().session.completion();
    }

    @Override
    public IceRole role() {
        // The generation in force knows: a role conflict may have switched it (RFC 8445 §7.3.1.1).
        LoopSession inForce;
        synchronized (lock) {
            inForce = current.session;
        }
        return inForce.role();
    }

    @Override
    public IceState state() {
        synchronized (lock) {
            return closed ? IceState.CLOSED : current.session.state();
        }
    }

    @Override
    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        return inForce().session.selectedPair(componentId);
    }

    @Override
    public IceStats stats() {
        Generation inForce = inForce();
        return inForce.session.stats().withGeneration(inForce.number);
    }

    @Override
    public MediaTransport media() {
        if (!media.ready()) {
            // Throws until the generation in force has completed.
            media.use(inForce().session.media());
        }
        return media;
    }

    /**
     * The generation whose local ufrag and pwd are {@code credentials}, while this session is
     * open: the one an offer with them came from, which a forked INVITE's further forks share
     * ({@link ForkedIceSession}, RFC 8839 §7.3).
     */
    Optional<LoopSession> generationWith(org.sipice.sdp.IceCredentials credentials) {
        synchronized (lock) {
            if (closed) {
                return Optional.empty();
            }
            List<Generation> all = new ArrayList<>(lingering);
            all.add(current);
            if (next != null) {
                all.add(next);
            }
            return all.stream().map(g -> g.session).filter(s -> credentials.equals(s.localCredentials())).findFirst();
        }
    }

    // ---- events of the generations, on this session's executor --------------------------

    private void onEvent(Generation generation, IceEvent event) {
        if (closedReported || event instanceof IceEvent.Closed) {
            return; // the session reports Closed once, itself
        }
        Generation inForce;
        Generation coming;
        synchronized (lock) {
            inForce = current;
            coming = next;
        }
        if (event instanceof IceEvent.ChecksStarted && (generation == inForce || generation == coming)) {
            // A role conflict (RFC 8445 §7.3.1.1) may have switched it; a restart keeps this one.
            role = ((IceEvent.ChecksStarted) event).role();
        }
        if (generation == inForce) {
            if (event instanceof IceEvent.Completed) {
                media.use(generation.session.media());
            }
            emit(event);
        } else if (generation == coming) {
            if (event instanceof IceEvent.Completed) {
                putInForce(generation, (IceEvent.Completed) event);
            } else if (event instanceof IceEvent.Failed) {
                abandon(generation, ((IceEvent.Failed) event).reason());
            } else {
                emit(event);
            }
        }
    }

    /** The next generation has its selected pairs: media moves there (RFC 8445 §9). */
    private void putInForce(Generation generation, IceEvent.Completed completed) {
        Generation replaced;
        synchronized (lock) {
            if (closed || next != generation) {
                return;
            }
            replaced = current;
            current = generation;
            next = null;
            lingering.add(replaced);
        }
        media.use(generation.session.media());
        replaced.release = Executors.timer().schedule(() -> Executors.workers().execute(() -> release(replaced)),
                PREVIOUS_GENERATION_LINGER.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{}: restart {} completed; {} released in {} ms", generation.session, generation.number,
                replaced.session, PREVIOUS_GENERATION_LINGER.toMillis());
        emit(new IceEvent.RestartCompleted(generation.number, completed.selectedPairs(),
                Duration.ofNanos(System.nanoTime() - generation.createdNanos)));
    }

    private void abandon(Generation generation, String reason) {
        synchronized (lock) {
            if (next == generation) {
                next = null;
            }
        }
        Executors.workers().execute(generation.session::close);
        emit(new IceEvent.RestartFailed(generation.number, reason));
    }

    private void release(Generation replaced) {
        synchronized (lock) {
            if (!lingering.remove(replaced)) {
                return; // close() got there first
            }
        }
        replaced.session.close();
        try {
            media.forget(replaced.session.media());
        } catch (IllegalStateException e) {
            // that generation never carried media
        }
    }

    private void emit(IceEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed on {}", event, e);
        }
    }

    // ---- life cycle ----------------------------------------------------------------------

    @Override
    public void close() {
        CompletableFuture<Void> released = closeAsync();
        if (Executors.onWorkerThread()) {
            return; // a worker of the bounded shared pool never waits (LoopSession.close())
        }
        try {
            released.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: sockets not released within {} ms: {}", this, CLOSE_WAIT.toMillis(), e.toString());
        }
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        List<Generation> all = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return released.copy();
            }
            closed = true;
            all.add(current);
            if (next != null) {
                all.add(next);
            }
            all.addAll(lingering);
            lingering.clear();
        }
        List<CompletableFuture<Void>> generations = new ArrayList<>();
        for (Generation g : all) {
            ScheduledFuture<?> pending = g.release;
            if (pending != null) {
                pending.cancel(false);
            }
            generations.add(g.session.closeAsync());
        }
        events.execute(() -> {
            emit(new IceEvent.Closed());
            closedReported = true;
        });
        CompletableFuture.allOf(generations.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> released
                .complete(null));
        return released.copy();
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RestartableIceSession[" + current.session + ", restarts=" + restarts + "]";
        }
    }
}

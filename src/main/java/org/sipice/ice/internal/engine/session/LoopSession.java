package org.sipice.ice.internal.engine.session;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;
import org.sipice.ice.LocalIce;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.CloseSteps;
import org.sipice.ice.internal.RelayOnly;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.turn.TlsWarmup;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sdp.IceCredentials;

/**
 * One generation of an {@link IceSession} on the engine (docs/ENGINE.md): its gathering, its
 * packet demultiplexer, its agent, its media and its close, all on one event loop.
 *
 * <p>Threads: everything of the session runs on its {@link Scheduler} (one of the shared
 * {@link IceLoop}s), one task at a time, so nothing inside is locked. Public methods called from
 * another thread post to it; what they return is read from volatile fields the loop updates, or
 * (stats) fetched from the loop. Events, and the completion of the futures an application holds,
 * go through the session's {@link SessionEvents} queue on {@link EventThreads}, in order, never
 * on the loop.
 *
 * <p>It offers {@link #handOver} (a pooled session
 * taken by a caller) and cannot restart in place: a restart is a new generation
 * ({@code RestartableIceSession}). {@link #fork} makes a further session on the same gathering
 * for another answer to a forked offer (RFC 8839 §7.3): one {@link SharedGathering} (candidates,
 * credentials, ports, allocations), one check list per session.
 *
 * <p>What it owns itself: the threading (posting to the loop), the gathering's start and the
 * close sequence. Its check list and agent are a {@link SessionChecks}; its state, role,
 * selected pairs and futures, moved by the agent's events, a {@link SessionProgress}.
 */
public final class LoopSession implements IceSession {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final IceConfig config;
    private final String name;
    private final Scheduler scheduler;
    private final SessionEvents events;
    private final LoopCalls calls;
    /** The gathering, ports, allocations and credentials this session's check list uses (and forks share). */
    private final SharedGathering shared;
    private final LoopMediaTransport media;
    private final AtomicBoolean gatherStarted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The state, role, selected pairs and futures the application reads, and the agent's events that move them. */
    private final SessionProgress progress;
    /** This session's own check list on the shared gathering: the agent, its start, its stats. */
    private final SessionChecks checks;
    /** Done when the last port is closed (after the TURN deletions' answers, at most {@link TurnDeletionWait#MAX}). */
    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

    private volatile IceStats lastStats;

    /** A session on the shared loops, with a UDP port of its own per host candidate. */
    public LoopSession(IceConfig config, IceRole role, IceEventListener listener) {
        this(config, role, listener, IceLoop.shared(), (LoopScheduler) IceLoop.shared().scheduler());
    }

    private LoopSession(IceConfig config, IceRole role, IceEventListener listener, IceLoop loops,
            LoopScheduler scheduler) {
        this(config, role, listener, scheduler, PortOpener.udp(loops, scheduler), loops);
    }

    /** A session on {@code scheduler} whose host ports come from {@code ports} (fake time and network in tests). */
    LoopSession(IceConfig config, IceRole role, IceEventListener listener, Scheduler scheduler, PortOpener ports) {
        this(config, role, listener, scheduler, ports, null);
    }

    private LoopSession(IceConfig config, IceRole role, IceEventListener listener, Scheduler scheduler,
            PortOpener ports, IceLoop loops) {
        EngineWarmup.ensure();
        TlsWarmup.ensureFor(config.turnServers()); // TURN over TLS: the JDK's TLS code, off the loop
        if (loops != null) {
            LoopWarmup.ensure();
        }
        this.config = config;
        this.name = "loop-ice" + SEQUENCE.incrementAndGet();
        this.scheduler = scheduler;
        this.events = new SessionEvents(name, listener);
        this.calls = new LoopCalls(name, scheduler);
        this.shared = new SharedGathering(name, config, scheduler, ports, loops);
        this.shared.listen(events);
        this.media = new LoopMediaTransport(name, scheduler, config.componentCount());
        this.progress = new SessionProgress(name, role, events, media);
        this.checks = new SessionChecks(name, config, scheduler, shared, media, progress, closed);
    }

    /** A further check list on {@code first}'s candidates and credentials (see {@link #fork}). */
    private LoopSession(LoopSession first, IceRole role, IceEventListener listener) {
        this.config = first.config;
        this.name = "loop-ice" + SEQUENCE.incrementAndGet() + "-fork-of-" + first.name;
        this.scheduler = first.scheduler;
        this.events = new SessionEvents(name, listener);
        this.calls = new LoopCalls(name, scheduler);
        this.shared = first.shared;
        this.shared.listen(events);
        this.media = new LoopMediaTransport(name, scheduler, config.componentCount());
        this.progress = new SessionProgress(name, role, events, media);
        this.checks = new SessionChecks(name, config, scheduler, shared, media, progress, closed);
    }

    /**
     * Another fork's check list (RFC 8839 §7.3, RFC 3261 §13.2.2.4): a session that checks
     * against a further answer to the offer this session's candidates and credentials went out
     * in, on the same candidates, ports and allocations and with the same ufrag and pwd (the
     * offer was one, so every fork checks against them). Its {@link #gather()} completes with
     * this session's gathering, without a gathering of its own; its {@link #start} forms its own
     * check list; what arrives goes to the check list of the fork it comes from (by the peer's
     * ufrag in USERNAME, then by 5-tuple, {@link CheckLists}). Closing one session frees its own
     * check list; the ports and allocations go with the last.
     *
     * @throws IllegalStateException if this session's candidates were released already (every
     *         session on them closed)
     */
    public LoopSession fork(IceRole forkRole, IceEventListener listener) {
        if (!shared.join()) {
            throw new IllegalStateException(name + " is closed: its candidates are gone");
        }
        return new LoopSession(this, forkRole, listener);
    }

    /** The local ufrag and pwd once gathering started, else null. */
    public IceCredentials localCredentials() {
        return shared.credentials();
    }

    /**
     * Makes this generation use {@code credentials}; before {@link #gather()}. Kept for a fork
     * whose offering session cannot be shared (its own ports; the fork learns them as
     * peer-reflexive candidates, RFC 8445 §7.3.1.3).
     */
    public void shareCredentials(IceCredentials credentials) {
        shared.presetCredentials(credentials);
    }

    /**
     * Hands a pre-gathered (pooled) session to its user: sets its role, then runs {@code task}
     * after every event queued so far and before any later one. RFC 8445 §6.1.1: the role follows
     * from the offer/answer exchange and only matters once checks start.
     */
    public void handOver(IceRole newRole, Runnable task) {
        progress.role(newRole);
        scheduler.execute(() -> {
            checks.handOver(newRole);
            events.after(task);
        });
    }

    @Override
    public CompletableFuture<LocalIce> gather() {
        if (gatherStarted.compareAndSet(false, true)) {
            // Reading the interfaces costs system calls: on the caller's thread, not the loop.
            CompletableFuture<GatheringResult> result = shared.gather();
            scheduler.execute(() -> startGathering(result));
        }
        return progress.gathered();
    }

    @Override
    public void start(RemoteIce remote) {
        scheduler.execute(() -> startChecks(remote));
    }

    /** One generation cannot restart: {@code RestartableIceSession} replaces it by a new one. */
    @Override
    public CompletableFuture<LocalIce> restart() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("restart needs a new generation"));
    }

    @Override
    public CompletableFuture<List<CandidatePairInfo>> completion() {
        return progress.completion();
    }

    @Override
    public IceRole role() {
        return progress.role();
    }

    @Override
    public IceState state() {
        return progress.state();
    }

    @Override
    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        return Optional.ofNullable(progress.selectedPair(componentId));
    }

    @Override
    public MediaTransport media() {
        if (!progress.mediaReady()) {
            throw new IllegalStateException("ICE has not completed");
        }
        return media;
    }

    @Override
    public IceStats stats() {
        IceStats kept = lastStats;
        if (kept != null) {
            return RelayOnly.reported(config, kept);
        }
        IceStats now = calls.call(checks::snapshot);
        return RelayOnly.reported(config, now != null ? now : IceStats.empty(progress.role(), progress.state()));
    }

    /** Host ports still open (a test and leak-check seam). */
    int openHostPorts() {
        Integer n = calls.call(shared::openHostPorts);
        return n == null ? -1 : n;
    }

    /** Check lists on this session's candidates: 1, plus one per open fork (a test and leak-check seam). */
    int checkListsSharing() {
        Integer n = calls.call(shared.checkLists::size);
        return n == null ? -1 : n;
    }

    /** Checks held for a fork whose answer has not come yet (a test and leak-check seam). */
    int heldChecks() {
        Integer n = calls.call(shared.checkLists::held);
        return n == null ? -1 : n;
    }

    /** STUN transactions in progress on this session's candidates, every fork's (a test and leak-check seam). */
    int transactionsInProgress() {
        Integer n = calls.call(shared.transactions::size);
        return n == null ? -1 : n;
    }

    // ---- gathering (RFC 8445 §5.1) -------------------------------------------------------

    private void startGathering(CompletableFuture<GatheringResult> result) {
        if (closed.get()) {
            return;
        }
        progress.gatheringStarted();
        // One gathering for every fork's check list (RFC 8839 §7.3): the first session's; a
        // fork's session gets its result (completed already, or when it completes). Both
        // complete on the session's thread.
        result.whenComplete((r, error) -> {
            if (error != null) {
                gatheringFailed(error);
            } else {
                gathered(r, shared.credentials());
            }
        });
    }

    private void gathered(GatheringResult result, IceCredentials credentials) {
        if (closed.get()) {
            return;
        }
        checks.gathered(result, credentials);
        progress.gathered(result);
    }

    private void gatheringFailed(Throwable error) {
        if (closed.get()) {
            return;
        }
        progress.gatheringFailed(error);
    }

    // ---- checks (RFC 8445 §6, §7, §8) ----------------------------------------------------

    private void startChecks(RemoteIce remote) {
        if (closed.get()) {
            return;
        }
        checks.start(remote);
    }

    // ---- life cycle ----------------------------------------------------------------------

    /**
     * Closes the agent (its timers and transactions), the TURN allocations (deleted, RFC 8656
     * §8), then the ports, each step even if an earlier one threw; then reports
     * {@link IceEvent.Closed}, last. The host ports of TURN allocations stay open until the
     * deletions are answered ({@link TurnDeletionWait}, at most 500 ms); every other port closes
     * at once. Idempotent. An application thread waits (at most {@link LoopCalls#WAIT}) until every
     * socket is released; on a loop or a worker of sipice's shared pool ({@link Executors}) it
     * does not wait.
     */
    @Override
    public void close() {
        CompletableFuture<Void> released = closeAsync();
        if (!Executors.onWorkerThread()) {
            // A worker of the bounded shared pool never waits (a mass hang-up would park every
            // worker on the loops, and the calls queued behind them with it): the ports close
            // moments later on the loop, and Closed says when.
            calls.await(released);
        }
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (closed.compareAndSet(false, true)) {
            calls.post(this::release);
        }
        return closeDone.copy();
    }

    /**
     * This session's check list first (stats, media, its entry in the demultiplexer, the agent:
     * its timers and transactions), then what it shares: released by the last session on it.
     */
    private void release() {
        CloseSteps steps = new CloseSteps(name);
        steps.run("stats snapshot", () -> lastStats = checks.snapshot());
        steps.run("media transport", media::close);
        checks.release(steps);
        progress.closed();
        shared.leave(events, steps, this::released);
    }

    /** The last step: every transaction stopped, every port closed (or left to another fork), then Closed. */
    private void released() {
        events.emit(new IceEvent.Closed());
        closeDone.complete(null);
    }

    @Override
    public String toString() {
        return name + "[" + progress.role() + ", " + progress.state() + "]";
    }
}

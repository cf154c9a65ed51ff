package org.sipice.ice.internal;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceFailedException;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.ice.MediaTransport;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.nomination.NominatingAgent;
import org.sipice.ice.internal.turn.TurnAllocations;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * {@link IceSession} over one ice4j {@link Agent} with one media stream. All work and every
 * event of the session run on one {@link SerialExecutor}; ice4j callbacks only post to it.
 */
public final class Ice4jSession implements IceSession {
    private static final Logger LOG = LogManager.getLogger(Ice4jSession.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String STREAM = "audio";

    private final IceConfig config;
    private volatile IceRole role; // set once more by handOver() for a pooled session
    private final IceEventListener listener;
    private final HostSocketFactory hostSockets;
    private final String name;
    private final SerialExecutor serial;
    private final Object lock = new Object();
    private final AtomicBoolean gatherStarted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<LocalIce> gathered = new CompletableFuture<>();
    private final CompletableFuture<List<CandidatePairInfo>> completion = new CompletableFuture<>();

    private volatile IceState state = IceState.NEW;
    private volatile org.sipice.sdp.IceCredentials sharedCredentials;
    private Agent agent;
    private IceMediaStream stream;
    private Ice4jMediaTransport media;
    private SelectedPairUpkeep upkeep;
    private final ChecksDeadline checksDeadline = new ChecksDeadline();
    private long checksStartedNanos;
    private boolean started;
    private volatile SelectedPairs selected = SelectedPairs.NONE;
    private List<IceEvent> nominationEvents = List.of();
    private volatile org.sipice.ice.IceStats lastStats; // kept at close(): free() forgets the pairs

    public Ice4jSession(IceConfig config, IceRole role, IceEventListener listener) {
        this(config, role, listener, HostSocketFactory.EPHEMERAL);
    }

    /** Makes this session use {@code credentials} (see {@link ForkedIceSession}); before {@link #gather()}. */
    void shareCredentials(org.sipice.sdp.IceCredentials credentials) {
        this.sharedCredentials = credentials;
    }

    /** A session whose host candidate sockets come from {@code hostSockets} (a test seam). */
    public Ice4jSession(IceConfig config, IceRole role, IceEventListener listener, HostSocketFactory hostSockets) {
        this.config = config;
        this.role = role;
        this.listener = listener == null ? IceEventListener.NONE : listener;
        this.hostSockets = hostSockets;
        this.name = "ice" + SEQUENCE.incrementAndGet();
        this.serial = new SerialExecutor(Executors.workers(), name);
    }

    @Override
    public CompletableFuture<LocalIce> gather() {
        if (gatherStarted.compareAndSet(false, true)) {
            serial.execute(this::doGather);
        }
        return gathered;
    }

    @Override
    public void start(RemoteIce remote) {
        serial.execute(() -> doStart(remote));
    }

    /**
     * Hands a pre-gathered (pooled) session to its user: sets its role, then runs {@code task} on
     * the session's executor after every event so far. RFC 8445 §6.1.1: the role follows from the
     * offer/answer exchange and only matters once checks start; ice4j lets it change until then.
     */
    public void handOver(IceRole newRole, Runnable task) {
        this.role = newRole;
        serial.execute(() -> {
            synchronized (lock) {
                if (started) {
                    throw new IllegalStateException("checks already started: the role is fixed");
                }
                if (agent != null) {
                    agent.setControlling(newRole == IceRole.CONTROLLING);
                }
            }
            task.run();
        });
    }

    /** One generation cannot restart: {@link RestartableIceSession} replaces it by a new one. */
    @Override
    public CompletableFuture<LocalIce> restart() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("restart needs a new generation"));
    }

    @Override
    public CompletableFuture<List<CandidatePairInfo>> completion() {
        return completion;
    }

    @Override
    public IceRole role() {
        synchronized (lock) { // a role conflict may have switched it (RFC 8445 §7.3.1.1)
            return agent == null ? role : agent.isControlling() ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        }
    }

    @Override
    public IceState state() {
        return state;
    }

    @Override
    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        // Once completed, the selection is kept even after close() released the agent.
        Optional<CandidatePairInfo> kept = selected.of(componentId);
        if (kept.isPresent()) {
            return kept;
        }
        synchronized (lock) {
            if (stream == null) {
                return Optional.empty();
            }
            Component c = stream.getComponent(componentId);
            CandidatePair p = c == null ? null : c.getSelectedPair();
            return p == null ? Optional.empty() : Optional.of(CandidateMapping.toInfo(p));
        }
    }

    @Override
    public org.sipice.ice.IceStats stats() {
        synchronized (lock) {
            org.sipice.ice.IceStats kept = lastStats;
            return RelayOnly.reported(config,
                    kept != null ? kept : IceStatsCollector.snapshot(agent, stream, role(), state));
        }
    }

    @Override
    public MediaTransport media() {
        synchronized (lock) {
            if (media == null) {
                throw new IllegalStateException("ICE has not completed");
            }
            return media;
        }
    }

    // ---- gathering (RFC 8445 §5.1) -------------------------------------------------------

    private void doGather() {
        if (closed.get()) {
            gathered.completeExceptionally(new IllegalStateException("closed"));
            return;
        }
        long t0 = System.nanoTime();
        state = IceState.GATHERING;
        emit(new IceEvent.GatheringStarted());
        try {
            Ice4jRuntime.ensureConfigured();
            synchronized (lock) {
                if (closed.get()) {
                    throw new IOException("closed while gathering");
                }
                agent = Ice4jGathering.createAgent(config, role, hostSockets, sharedCredentials);
                ((NominatingAgent) agent).observe(new NominationObserver(serial, this::onRoleChanged,
                        this::onReselected, () -> emitIf(!closed.get(), new IceEvent.PeerCheckReceived())));
                TurnAllocations.of(agent).ifPresent(t -> t.listen(e -> serial.execute(() -> emit(e))));
                stream = Ice4jGathering.createStream(agent, config);
            }
            Ice4jGathering.serverReflexive(agent, stream, config, lock, name).forEach(this::emit);
            LocalIce local;
            synchronized (lock) {
                local = Ice4jGathering.describe(agent, stream, config);
            }
            local.candidates().forEach(c -> emit(new IceEvent.CandidateGathered(c)));
            emit(new IceEvent.GatheringCompleted(local.candidates(), Duration.ofNanos(System.nanoTime() - t0)));
            state = IceState.GATHERED;
            gathered.complete(local);
        } catch (IOException | RuntimeException e) {
            fail("gathering failed: " + e.getMessage());
            gathered.completeExceptionally(e);
        }
    }

    // ---- checks (RFC 8445 §6, §7, §8) ----------------------------------------------------

    private void doStart(RemoteIce remote) {
        if (closed.get() || started) {
            return;
        }
        if (state != IceState.GATHERED) {
            fail("checks cannot start before gathering is complete (state " + state + ")");
            return;
        }
        started = true;
        synchronized (lock) {
            int added = RemoteCandidates.apply(agent, stream, config, role, remote, name);
            nominationEvents = ((NominatingAgent) agent).startNomination(config.nomination(), remote);
            if (added == 0) {
                fail("the peer signalled no usable candidate");
                return;
            }
            // Aggressive nomination can nominate a better pair after completion (RFC 5245 §8.1.1.2).
            new PairChangeObserver(serial, this::emitIfChecking,
                    e -> emitIf(state == IceState.CHECKING || state == IceState.COMPLETED, e)).observe(stream);
            agent.addStateChangeListener(this::onAgentState);
            state = IceState.CHECKING;
            checksStartedNanos = System.nanoTime();
            checksDeadline.arm(config.checksTimeout(), serial, this::checksTimedOut);
            agent.startConnectivityEstablishment();
        }
    }

    private void onAgentState(PropertyChangeEvent e) {
        Object value = e.getNewValue();
        if (value == IceProcessingState.RUNNING) {
            int pairs;
            synchronized (lock) {
                pairs = stream == null ? 0 : stream.getCheckList().size();
            }
            IceRole now = agent != null && agent.isControlling() ? IceRole.CONTROLLING : IceRole.CONTROLLED;
            serial.execute(() -> {
                emitIfChecking(new IceEvent.ChecksStarted(now, pairs));
                nominationEvents.forEach(this::emitIfChecking); // the mode in use (RFC 5245 §8.1.1)
            });
        } else if (value == IceProcessingState.COMPLETED) {
            serial.execute(this::onCompleted);
        } else if (value == IceProcessingState.FAILED) {
            serial.execute(() -> fail("every candidate pair failed (RFC 8445 §8.1.2)"));
        }
    }

    private void onCompleted() {
        if (state != IceState.CHECKING) {
            return;
        }
        List<CandidatePairInfo> selected = new ArrayList<>();
        Map<Integer, Component> components = new LinkedHashMap<>();
        synchronized (lock) {
            for (Component c : stream.getComponents()) {
                CandidatePair p = c.getSelectedPair();
                if (p == null) {
                    fail("ICE completed without a selected pair for component " + c.getComponentID());
                    return;
                }
                selected.add(CandidateMapping.toInfo(p));
                components.put(c.getComponentID(), c);
            }
            upkeep = SelectedPairUpkeep.start(name, agent, stream, config,
                    lost -> serial.execute(() -> consentLost(lost)));
            media = new Ice4jMediaTransport(name, components, upkeep);
        }
        checksDeadline.cancel();
        this.selected = new SelectedPairs(selected);
        state = IceState.COMPLETED;
        completion.complete(this.selected.pairs());
        selected.forEach(p -> emit(new IceEvent.PairSelected(p)));
        emit(new IceEvent.Completed(selected, Duration.ofNanos(System.nanoTime() - checksStartedNanos)));
    }

    private void onRoleChanged(IceRole now) {
        // Before checks start the role is still being chosen (a pooled session handed over in the
        // role SIP decided): that is no role change to report.
        emitIf(started && state != IceState.CLOSED && state != IceState.FAILED, new IceEvent.RoleChanged(now));
    }

    /** A higher-priority nominated pair replaced a selected one: report it once completed. */
    private void onReselected(int componentId) {
        if (state != IceState.COMPLETED) {
            return; // still checking: onCompleted() reads the agent's current selection
        }
        CandidatePairInfo now;
        synchronized (lock) {
            now = CandidateMapping.toInfo(stream.getComponent(componentId).getSelectedPair());
        }
        Optional<CandidatePairInfo> before = selected.of(componentId);
        if (before.isPresent() && !before.get().addressSummary().equals(now.addressSummary())) {
            selected = selected.with(now);
            emit(new IceEvent.SelectedPairChanged(before.get(), now));
        }
    }

    /** RFC 7675 §5.1: consent expired; sending has stopped and the session has failed. */
    private void consentLost(IceEvent.ConsentLost lost) {
        if (state == IceState.COMPLETED) {
            state = IceState.FAILED;
            emit(lost);
            emit(new IceEvent.Failed("consent expired (RFC 7675) on " + lost.pair()));
        }
    }

    private void checksTimedOut() {
        if (state == IceState.CHECKING) {
            fail("no selected pair within " + config.checksTimeout().toMillis() + " ms");
        }
    }

    private void emitIfChecking(IceEvent event) {
        emitIf(state == IceState.CHECKING, event);
    }

    private void emitIf(boolean condition, IceEvent event) {
        if (condition) {
            emit(event);
        }
    }

    private void fail(String reason) {
        if (state == IceState.FAILED || state == IceState.CLOSED || state == IceState.COMPLETED) {
            return;
        }
        LOG.info("{}: ICE failed: {}", name, reason);
        checksDeadline.cancel();
        state = IceState.FAILED;
        // The future first: whoever sees the event can rely on completion() being done.
        completion.completeExceptionally(new IceFailedException(reason));
        emit(new IceEvent.Failed(reason));
    }

    private void emit(IceEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("{}: event listener failed on {}", name, event, e);
        }
    }

    // ---- life cycle ----------------------------------------------------------------------

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Every step runs even when an earlier one throws (issue 11: a stats snapshot that threw
        // left the TURN allocations, the agent and its sockets behind, and the call never ended).
        CloseSteps steps = new CloseSteps(name);
        steps.run("checks deadline", checksDeadline::cancel);
        Ice4jMediaTransport m;
        synchronized (lock) {
            m = media;
            if (upkeep != null) {
                steps.run("consent and keepalives", upkeep::stop);
            }
            if (m != null) {
                steps.run("media transport", m::close);
            }
            steps.run("stats snapshot", () -> lastStats = IceStatsCollector.snapshot(agent, stream, role(), state));
            if (agent != null) {
                // Before free() stops the STUN stack (docs/ARCHITECTURE.md, org.sipice.ice.internal.turn).
                steps.run("TURN allocations", () -> TurnAllocations.deallocate(agent));
                steps.run("agent and its sockets", agent::free);
            }
        }
        if (m != null) {
            steps.run("media readers", () -> m.awaitReaders(1000));
        }
        state = IceState.CLOSED;
        gathered.completeExceptionally(new IllegalStateException("ICE session closed"));
        completion.completeExceptionally(new IceFailedException("ICE session closed"));
        serial.execute(() -> emit(new IceEvent.Closed()));
    }

    @Override
    public String toString() {
        return name + "[" + role + ", " + state + "]";
    }
}

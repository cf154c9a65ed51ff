package org.sipice.ice.internal.engine.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceFailedException;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.ice.internal.engine.agent.Agent;

/**
 * What one {@link LoopSession} shows of its progress, and the agent's events that move it: its
 * {@link IceState}, its role, its selected pairs, whether its media may flow, and the
 * {@code gather()} and {@code completion()} futures the application holds.
 *
 * <p>Threads: written on the session's thread only (the role also by a pooled session's
 * hand-over); read from any thread through volatile fields. The futures complete, and the events
 * go out, through the session's {@link SessionEvents} queue, never on the loop. Whatever fails
 * the session sets the state and fails {@code completion()} before any event says so, so a
 * listener that sees {@link IceEvent.Failed} can rely on {@code state()} and {@code completion()}.
 */
final class SessionProgress {
    private static final Logger LOG = LogManager.getLogger(SessionProgress.class);

    private final String name;
    private final SessionEvents events;
    private final LoopMediaTransport media;
    private final CompletableFuture<LocalIce> gathered = new CompletableFuture<>();
    private final CompletableFuture<List<CandidatePairInfo>> completion = new CompletableFuture<>();

    private volatile IceState state = IceState.NEW;
    private volatile IceRole role;
    private volatile Map<Integer, CandidatePairInfo> selected = Map.of();
    private volatile boolean mediaReady;
    // Session thread only:
    private final List<IceEvent.PairSelected> pendingSelected = new ArrayList<>();

    SessionProgress(String name, IceRole role, SessionEvents events, LoopMediaTransport media) {
        this.name = name;
        this.role = role;
        this.events = events;
        this.media = media;
    }

    IceState state() {
        return state;
    }

    IceRole role() {
        return role;
    }

    /** A pooled session's new role (RFC 8445 §6.1.1), from the thread that takes it. */
    void role(IceRole newRole) {
        role = newRole;
    }

    CandidatePairInfo selectedPair(int componentId) {
        return selected.get(componentId);
    }

    boolean mediaReady() {
        return mediaReady;
    }

    CompletableFuture<LocalIce> gathered() {
        return gathered;
    }

    CompletableFuture<List<CandidatePairInfo>> completion() {
        return completion;
    }

    // ---- gathering (RFC 8445 §5.1) -------------------------------------------------------

    void gatheringStarted() {
        state = IceState.GATHERING;
        events.emit(new IceEvent.GatheringStarted());
    }

    /** The gathering's events, in order, then {@code gather()} completes with what is signalled. */
    void gathered(GatheringResult result) {
        SharedGathering.gatheringEvents(result).forEach(events::emit);
        state = IceState.GATHERED;
        events.complete(gathered, result.local());
    }

    void gatheringFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        fail("gathering failed: " + cause.getMessage());
        events.fail(gathered, cause);
    }

    /** True if checks may start now (gathering complete), and the state is then CHECKING; else the session fails. */
    boolean checksStart() {
        if (state != IceState.GATHERED) {
            fail("checks cannot start before gathering is complete (state " + state + ")");
            return false;
        }
        state = IceState.CHECKING;
        return true;
    }

    // ---- checks (RFC 8445 §6, §7, §8) ----------------------------------------------------

    /**
     * One of the agent's events, on the session's thread, while the session is open: the
     * session's state follows it, then the listener gets it (some held or replaced, below).
     *
     * @param candidates every gathered candidate, for the single-port mode's bindings
     * @param agent the agent that reported it, whose {@code send} the media uses once completed
     */
    void onAgentEvent(IceEvent event, List<GatheredCandidate> candidates, Agent agent) {
        if (event instanceof IceEvent.PairValidated v) {
            MuxBinding.validated(candidates, v.pair());
        } else if (event instanceof IceEvent.ChecksStarted s) {
            role = s.role();
        } else if (event instanceof IceEvent.RoleChanged r) {
            // Only a role conflict (RFC 8445 §7.3.1.1) or an ICE-lite peer (§6.1.1) switches the
            // agent's role, even before start(): a check can come first. A pooled session's
            // hand-over sets the role with Agent.setRole, which reports nothing.
            role = r.role();
        } else if (event instanceof IceEvent.PairSelected p) {
            select(p.pair());
            if (state == IceState.CHECKING) {
                // Reported together right before Completed, as the generation's whole selection
                // (what the session has always reported: PairSelected per component, Completed).
                pendingSelected.add(p);
                return;
            }
        } else if (event instanceof IceEvent.SelectedPairChanged c) {
            select(c.selected());
        } else if (event instanceof IceEvent.Completed c) {
            if (state != IceState.CHECKING) {
                return;
            }
            c.selectedPairs().forEach(this::select);
            pendingSelected.forEach(events::emit);
            pendingSelected.clear();
            media.ready(agent::send);
            mediaReady = true;
            state = IceState.COMPLETED;
            events.complete(completion, c.selectedPairs());
        } else if (event instanceof IceEvent.Failed f) {
            fail(f.reason());
            return;
        } else if (event instanceof IceEvent.ConsentLost lost) {
            // RFC 7675 §5.1: sending stops; the session has failed (only a restart regains consent).
            media.consentExpired();
            // ConsentLost, then Failed; the state is FAILED before either reaches the listener.
            fail("consent expired (RFC 7675) on " + lost.pair(), lost);
            return;
        }
        events.emit(event);
    }

    private void select(CandidatePairInfo pair) {
        Map<Integer, CandidatePairInfo> now = new HashMap<>(selected);
        now.put(pair.componentId(), pair);
        selected = Map.copyOf(now);
    }

    void fail(String reason) {
        fail(reason, null);
    }

    /** Fails the session; {@code cause}, when given, is reported just before {@link IceEvent.Failed}. */
    private void fail(String reason, IceEvent cause) {
        IceState s = state;
        if (s == IceState.FAILED || s == IceState.CLOSED) {
            if (cause != null) {
                events.emit(cause);
            }
            return;
        }
        LOG.info("{}: ICE failed: {}", name, reason);
        // The state and the future first: events reach the listener on another thread, and
        // whoever sees one can rely on state() and completion() saying the session failed.
        state = IceState.FAILED;
        events.fail(completion, new IceFailedException(reason));
        if (cause != null) {
            events.emit(cause);
        }
        events.emit(new IceEvent.Failed(reason));
    }

    // ---- close ---------------------------------------------------------------------------

    /** CLOSED; a {@code gather()} or {@code completion()} not done yet fails (their completion goes out in that order). */
    void closed() {
        state = IceState.CLOSED;
        events.fail(gathered, new IllegalStateException("ICE session closed"));
        events.fail(completion, new IceFailedException("ICE session closed"));
    }
}

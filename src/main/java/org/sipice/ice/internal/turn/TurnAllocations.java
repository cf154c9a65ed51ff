package org.sipice.ice.internal.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.TurnServer;

/**
 * The TURN allocations of one session's agent: relayed candidates (RFC 8445 §5.1.1.2) from every
 * configured {@link TurnServer}, kept alive until the session closes and then deleted.
 *
 * <p>Life cycle, as the session drives it: {@link #addHarvesters} when the agent is created;
 * {@link #listen} for events after gathering; {@link #gatheringOutcome} when the gathering
 * deadline is reached; {@link #deallocate} just before {@code Agent.free()}.
 */
public final class TurnAllocations implements AllocationListener {
    private static final Logger LOG = LogManager.getLogger(TurnAllocations.class);

    private final List<RefreshingTurnHarvester> harvesters = new ArrayList<>();
    private final List<IceEvent> duringGathering = new ArrayList<>();
    private boolean gathered;
    private Consumer<IceEvent> sink = e -> { };

    private TurnAllocations() {
    }

    /** Adds one refreshing TURN harvester per configured server to {@code agent}. */
    public static void addHarvesters(Agent agent, IceConfig config, String sessionName) {
        if (config.turnServers().isEmpty()) {
            return;
        }
        TurnAllocations allocations = new TurnAllocations();
        for (TurnServer server : config.turnServers()) {
            RefreshingTurnHarvester harvester = new RefreshingTurnHarvester(server, allocations, sessionName);
            allocations.harvesters.add(harvester);
            agent.addCandidateHarvester(harvester);
        }
    }

    /** The allocations of {@code agent}, if it has TURN servers. */
    public static Optional<TurnAllocations> of(Agent agent) {
        for (CandidateHarvester harvester : agent.getHarvesters()) {
            if (harvester instanceof RefreshingTurnHarvester) {
                return Optional.of((TurnAllocations) ((RefreshingTurnHarvester) harvester).listener());
            }
        }
        return Optional.empty();
    }

    /** Where events go once gathering is over; {@code sink} must only post, never block. */
    public synchronized void listen(Consumer<IceEvent> sink) {
        this.sink = sink;
    }

    /**
     * What TURN gathering gave when the deadline came: a {@link IceEvent.TurnAllocated} per
     * allocation and, for each server without one, a {@link IceEvent.ServerFailed} with the
     * server's error (a 401 to our credentials reads "wrong TURN credentials") or its silence.
     * Later events (late allocations, refreshes) go to the {@link #listen} sink.
     *
     * @param finished whether every harvester ended before the deadline
     */
    public synchronized List<IceEvent> gatheringOutcome(boolean finished, Duration deadline) {
        gathered = true;
        List<IceEvent> events = new ArrayList<>(duringGathering);
        duringGathering.clear();
        for (RefreshingTurnHarvester harvester : harvesters) {
            if (!harvester.allocations().isEmpty()) {
                continue;
            }
            String reason = harvester.failure();
            if (reason == null) {
                reason = finished ? "no Allocate response (server silent, unreachable or refusing)"
                        : "no Allocate response within the gathering deadline of " + deadline.toMillis() + " ms";
            }
            LOG.info("TURN server {} gave no relayed candidate: {}", harvester.server(), reason);
            events.add(new IceEvent.ServerFailed(harvester.server().toString(), reason));
        }
        return events;
    }

    /**
     * Deletes every allocation of {@code agent} (RFC 8656 §8: Refresh with LIFETIME=0) and waits
     * up to {@link TurnTimers#DEALLOCATE_TIMEOUT} for the answers. Call it before
     * {@code Agent.free()}, which stops the STUN stack first (reference/ice4j.md §7.3).
     */
    public static void deallocate(Agent agent) {
        of(agent).ifPresent(TurnAllocations::deallocateAll);
    }

    private void deallocateAll() {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (RefreshingTurnHarvester harvester : harvesters) {
            for (RefreshingTurnHarvest harvest : harvester.harvests()) {
                answers.add(harvest.release());
            }
        }
        long deadline = System.nanoTime() + TurnTimers.DEALLOCATE_TIMEOUT.toNanos();
        int confirmed = 0;
        for (CompletableFuture<Boolean> answer : answers) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (answer.get(left, TimeUnit.NANOSECONDS)) {
                    confirmed++;
                }
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // counted as unconfirmed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (confirmed < answers.size()) {
            LOG.info("TURN: {} of {} allocations confirmed deleted within {} ms; the rest expire on their own",
                    confirmed, answers.size(), TurnTimers.DEALLOCATE_TIMEOUT.toMillis());
        }
    }

    // ---- AllocationListener ------------------------------------------------------------------

    @Override
    public void allocated(RefreshingTurnHarvest allocation, Duration lifetime) {
        emit(new IceEvent.TurnAllocated(serverOf(allocation), allocation.componentId(), allocation.relayed(),
                lifetime));
    }

    @Override
    public void refreshed(RefreshingTurnHarvest allocation, Duration lifetime) {
        emit(new IceEvent.TurnRefreshed(serverOf(allocation), allocation.componentId(), allocation.relayed(),
                lifetime));
    }

    @Override
    public void refreshFailed(RefreshingTurnHarvest allocation, String reason) {
        emit(new IceEvent.TurnRefreshFailed(serverOf(allocation), allocation.componentId(), allocation.relayed(),
                reason));
    }

    private static String serverOf(RefreshingTurnHarvest allocation) {
        return ((RefreshingTurnHarvester) allocation.harvester).server().toString();
    }

    private void emit(IceEvent event) {
        Consumer<IceEvent> target;
        synchronized (this) {
            if (!gathered) {
                duringGathering.add(event);
                return;
            }
            target = sink;
        }
        target.accept(event);
    }
}

package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Scheduler;

/**
 * One check every Ta (RFC 8445 §6.1.4.2, §14.2): at each tick the check list names the pair
 * (triggered first, then Waiting, then an unfrozen one). With nothing to check the pacer sleeps
 * until {@link #wake()}, keeping Ta after the previous check.
 */
final class CheckPacer {
    private static final Logger LOG = LogManager.getLogger(CheckPacer.class);
    private final AgentContext agent;
    private final OutgoingChecks checks;
    private final long taNanos;
    private Scheduler.Timer timer;
    private long lastCheckNanos;
    private boolean checkedOnce;
    private boolean running;

    CheckPacer(AgentContext agent, OutgoingChecks checks, Duration ta) {
        this.agent = agent;
        this.checks = checks;
        this.taNanos = ta.toNanos();
    }

    void start() {
        running = true;
        tick();
    }

    /** Something may be ready to check: tick at the next Ta boundary, unless a tick is already due. */
    void wake() {
        if (!running || timer != null) {
            return;
        }
        long now = agent.scheduler.nanoTime();
        long due = checkedOnce ? Math.max(now, lastCheckNanos + taNanos) : now;
        timer = agent.scheduler.schedule(Duration.ofNanos(due - now), this::tick);
    }

    void stop() {
        running = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void tick() {
        timer = null;
        if (!running) {
            return;
        }
        CandidatePair pair = agent.checkList.next();
        if (pair == null) {
            agent.failIfNothingLeft();
            return;
        }
        lastCheckNanos = agent.scheduler.nanoTime();
        checkedOnce = true;
        try {
            checks.send(pair);
        } catch (RuntimeException e) {
            // A check that cannot be built or sent fails its pair; the pacing goes on.
            LOG.warn("ICE check on {} not sent: {}", pair, e.toString(), e);
            agent.pairFailed(pair);
        }
        if (running && timer == null) {
            timer = agent.scheduler.schedule(Duration.ofNanos(taNanos), this::tick);
        }
    }
}

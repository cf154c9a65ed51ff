package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sdp.CandidateType;

/**
 * Regular nomination by the controlling agent (RFC 8445 §8.1.1): checks run first; then, per
 * component, the best valid pair is nominated with a second check carrying USE-CANDIDATE, and it
 * is selected when that check succeeds. The best valid pair is nominated once no higher-priority
 * pair of its component can still succeed, or once its {@link AcceptanceWaits acceptance wait}
 * has passed since the checks started: a relayed pair validated early does not win over a direct
 * pair that needs a few more round trips, and a call without a better path does not wait.
 */
final class RegularNomination implements Nominator {
    private static final long NONE = Long.MAX_VALUE;
    private final AgentContext agent;
    /** The pair whose nomination check is under way, per component. */
    private final Map<Integer, CandidatePair> nominating = new HashMap<>();
    private Scheduler.Timer timer;
    private long timerDueNanos;

    RegularNomination(AgentContext agent) {
        this.agent = agent;
    }

    @Override
    public void onValid(CandidatePair pair) {
        evaluate();
    }

    @Override
    public void onNominated(CandidatePair pair) {
        // RFC 8445 §8.1.1: the nomination check succeeded: the pair is selected.
        nominating.remove(pair.componentId());
        agent.select(pair);
    }

    @Override
    public void onFailed(CandidatePair pair) {
        if (nominating.get(pair.componentId()) == pair) {
            // The nomination check failed: the next best valid pair is nominated instead.
            nominating.remove(pair.componentId());
        }
        evaluate();
    }

    @Override
    public boolean keepsCheckingAboveSelected() {
        return false; // the best pair was nominated on purpose: nothing above it will replace it
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Nominates, per component without a selection or a nomination under way, if it is time. */
    private void evaluate() {
        if (agent.phase != AgentContext.Phase.RUNNING) {
            return;
        }
        long now = agent.scheduler.nanoTime();
        long nextDue = NONE;
        for (int c = 1; c <= agent.settings.components(); c++) {
            if (agent.selected(c) != null || nominating.containsKey(c)) {
                continue;
            }
            CandidatePair best = bestValid(c);
            if (best == null) {
                continue;
            }
            long due = agent.startNanos + agent.acceptanceWaits.of(best).toNanos();
            long pending = now >= due ? NONE : pendingUntil(best, now, due);
            if (pending == NONE) {
                nominate(best);
            } else {
                nextDue = Math.min(nextDue, Math.min(due, pending));
            }
        }
        if (nextDue != NONE && (timer == null || nextDue < timerDueNanos)) {
            stop();
            timerDueNanos = nextDue;
            timer = agent.scheduler.schedule(Duration.ofNanos(nextDue - now), () -> {
                timer = null;
                evaluate();
            });
        }
    }

    /**
     * Until when a higher-priority pair of the component can still succeed, or {@link #NONE}: one
     * not checked yet, or checked and not answered. Against a relayed pair every unanswered pair
     * counts until the relay's wait ends (a direct path may need a few rounds of checks to open
     * the NATs on the way). Against a direct pair, a pair whose check has gone unanswered for
     * twice the round trip the valid pair took (at least Ta: checks leave one per Ta, so looking
     * sooner sees nothing new) is taken for one that cannot succeed (typically a host candidate
     * behind the peer's NAT, silent until its check gives up at 7.9 s): otherwise every call
     * through a NAT would sit out the server-reflexive wait for a pair no better than the direct
     * one it has. A pair {@link CheckOrder} tries after the valid one (a host pair toward a peer
     * behind another NAT) does not count at all against a direct pair.
     */
    private long pendingUntil(CandidatePair best, long now, long due) {
        boolean relayed = best.local().candidate().type() == CandidateType.RELAY
                || best.remote().type() == CandidateType.RELAY;
        long patience = Math.max(2 * best.roundTripNanos(), agent.ta.toNanos());
        long until = NONE;
        for (CandidatePair p : agent.checkList.pairs()) {
            if (p.componentId() != best.componentId() || p.priority() <= best.priority()) {
                continue;
            }
            if (!relayed && p.checkOrder() < best.checkOrder()) {
                // An unlikely host pair, tried after the pairs it competes with (CheckOrder): it
                // does not hold back a direct pair that works. A relayed pair still waits for it.
                continue;
            }
            if (p.state() == PairState.WAITING
                    || (p.state() == PairState.FROZEN && mayBeUnfrozen(p, now, patience, relayed))) {
                until = Math.min(until, now + patience); // look again once it has been checked
            } else if (p.state() == PairState.IN_PROGRESS) {
                long stale = relayed ? due : p.checkSentNanos() + patience;
                if (stale > now) {
                    until = Math.min(until, stale);
                }
            }
        }
        return until;
    }

    /**
     * A Frozen pair is waiting for its foundation to succeed in another component (RFC 8445
     * §7.2.5.3.3), or for the pacing to unfreeze it when nothing else is left (§6.1.4.2). It can
     * still succeed unless every other pair of its foundation has failed or is itself taken for
     * one that cannot succeed: a component 2 then does not wait for what component 1 gave up on.
     * A check cancelled because its component was selected (RFC 8445 §8.1.2) was not given up
     * on: it tells nothing about the foundation and does not count.
     */
    private boolean mayBeUnfrozen(CandidatePair frozen, long now, long patience, boolean relayed) {
        boolean others = false;
        for (CandidatePair p : agent.checkList.pairs()) {
            if (p == frozen || !p.foundation().equals(frozen.foundation()) || p.state() == PairState.CANCELLED) {
                continue;
            }
            others = true;
            if (p.state() == PairState.WAITING || p.state() == PairState.SUCCEEDED
                    || (p.state() == PairState.IN_PROGRESS && (relayed || now - p.checkSentNanos() < patience))) {
                return true;
            }
        }
        return !others;
    }

    private CandidatePair bestValid(int componentId) {
        for (CandidatePair p : agent.checkList.pairs()) { // highest priority first
            if (p.componentId() == componentId && p.isValid() && p.state() == PairState.SUCCEEDED) {
                return p;
            }
        }
        return null;
    }

    /** RFC 8445 §8.1.1: the valid pair is checked again with USE-CANDIDATE, as a triggered check. */
    private void nominate(CandidatePair pair) {
        nominating.put(pair.componentId(), pair);
        pair.useCandidate(true);
        agent.checkList.trigger(pair);
        agent.pacer.wake();
    }
}

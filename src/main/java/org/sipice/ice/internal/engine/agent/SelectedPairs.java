package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;

/**
 * Consent freshness and keepalives on each selected pair (RFC 7675, RFC 8445 §11): started when a
 * pair is selected, moved when the selection changes, stopped on close.
 */
final class SelectedPairs {
    private final AgentContext agent;
    private final Map<CandidatePair, ConsentFreshness> consent = new HashMap<>();
    private final Map<CandidatePair, Boolean> lost = new HashMap<>();

    SelectedPairs(AgentContext agent) {
        this.agent = agent;
    }

    /** The selection of a component moved from {@code previous} (null the first time) to {@code pair}. */
    void selected(CandidatePair previous, CandidatePair pair) {
        if (previous != null) {
            ConsentFreshness old = consent.remove(previous);
            if (old != null) {
                old.stop();
            }
        }
        ConsentFreshness c = new ConsentFreshness(agent.scheduler, agent.transactions, pair.port(),
                pair.remoteAddress(), () -> agent.checkRequest(pair, false), agent.remoteKey,
                agent.settings.consentInterval(), agent.settings.consentTimeout(),
                agent.settings.keepaliveInterval(), new ConsentFreshness.Listener() {
                    @Override
                    public void onConsentLost(Duration sinceLastResponse) {
                        // RFC 7675 §5.1: no more media on the pair; the session reports Failed.
                        lost.put(pair, Boolean.TRUE);
                        agent.emit(new IceEvent.ConsentLost(pair.info(), sinceLastResponse));
                    }

                    @Override
                    public void onRequestSent() {
                        pair.statistics().consentSent();
                    }

                    @Override
                    public void onResponse(Duration rtt) {
                        pair.statistics().consentAnswered(rtt);
                    }

                    @Override
                    public void onRoleConflict() {
                        // RFC 8445 §7.2.5.1: an authenticated 487 on the selected pair's 5-tuple.
                        agent.switchRole(agent.role == IceRole.CONTROLLING ? IceRole.CONTROLLED : IceRole.CONTROLLING);
                    }
                });
        consent.put(pair, c);
        c.start();
    }

    /** Media left on the pair (it counts as traffic for keepalives, RFC 8445 §11). */
    void mediaSent(CandidatePair pair) {
        ConsentFreshness c = consent.get(pair);
        if (c != null) {
            c.mediaSent();
        }
    }

    /** True once consent on the pair expired (RFC 7675 §5.1: stop sending). */
    boolean consentLost(CandidatePair pair) {
        return lost.containsKey(pair);
    }

    void stopAll() {
        for (ConsentFreshness c : consent.values()) {
            c.stop();
        }
        consent.clear();
    }
}

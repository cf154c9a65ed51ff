package org.sipice.ice.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;

/**
 * What keeps a generation's selected pairs usable once ICE has completed: consent freshness
 * (RFC 7675, {@link ConsentMonitor}) and keepalives (RFC 8445 §11, {@link Keepalives}). As the
 * media transport's {@link SendGuard} it stops media when consent expires and tells the
 * keepalives that the pair carried traffic.
 */
final class SelectedPairUpkeep implements SendGuard {
    private final ConsentMonitor consent;
    private final Keepalives keepalives;

    private SelectedPairUpkeep(ConsentMonitor consent, Keepalives keepalives) {
        this.consent = consent;
        this.keepalives = keepalives;
    }

    /**
     * Starts both on the current selected pair of every component of {@code stream}.
     *
     * @param onLost told once, on a timer thread, when consent expires
     */
    static SelectedPairUpkeep start(String name, Agent agent, IceMediaStream stream, IceConfig config,
            Consumer<IceEvent.ConsentLost> onLost) {
        Map<Integer, CandidatePair> pairs = new LinkedHashMap<>();
        for (Component c : stream.getComponents()) {
            if (c.getSelectedPair() != null) {
                pairs.put(c.getComponentID(), c.getSelectedPair());
            }
        }
        Keepalives keepalives = new Keepalives(name, agent, pairs, config.keepaliveInterval());
        ConsentMonitor consent = new ConsentMonitor(name, agent, stream.getName(), pairs,
                config.consentInterval(), config.consentTimeout(),
                (pair, since) -> {
                    // RFC 7675 §5.1: once consent expired, nothing is sent, keepalives included.
                    keepalives.stop();
                    onLost.accept(new IceEvent.ConsentLost(CandidateMapping.toInfo(pair), since));
                },
                keepalives::sent);
        SelectedPairUpkeep upkeep = new SelectedPairUpkeep(consent, keepalives);
        keepalives.start();
        consent.start();
        return upkeep;
    }

    @Override
    public void beforeSend(int componentId) throws IOException {
        consent.requireConsent();
        keepalives.sent(componentId);
    }

    /** Stops both timers; call before the agent is freed. Idempotent. */
    void stop() {
        consent.stop();
        keepalives.stop();
    }
}

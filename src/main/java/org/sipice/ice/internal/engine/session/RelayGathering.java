package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.internal.engine.session.HostPorts.HostPort;

/**
 * Relayed candidates (RFC 8445 §5.1.1.2, RFC 8656). Until the engine's TURN client lands, TURN
 * servers are reported failed at once. Session thread only.
 */
final class RelayGathering {
    private final IceConfig config;

    RelayGathering(IceConfig config) {
        this.config = config;
    }

    void start(List<HostPort> hosts, Foundations foundations, Runnable progress) {
    }

    boolean done() {
        return true;
    }

    List<GatheredCandidate> candidates() {
        return List.of();
    }

    List<IceEvent> events(boolean cutByDeadline, Duration deadline) {
        List<IceEvent> events = new ArrayList<>();
        config.turnServers().forEach(s -> events.add(new IceEvent.ServerFailed(s.toString(), "no TURN client")));
        return events;
    }

    void cancelPending() {
    }

    void close() {
    }
}

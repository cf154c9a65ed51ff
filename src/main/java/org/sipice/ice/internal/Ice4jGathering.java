package org.sipice.ice.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.ServerReflexiveCandidate;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.ice.StunServer;
import org.sipice.ice.internal.nomination.NominatingAgent;
import org.sipice.ice.internal.turn.TurnAllocations;
import org.sipice.internal.concurrent.Executors;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.sdp.TransportAddr;

/** Candidate gathering (RFC 8445 §5.1) with an ice4j agent, under sipice's deadline. */
final class Ice4jGathering {
    private static final Logger LOG = LogManager.getLogger(Ice4jGathering.class);
    private static final String STREAM = "audio";

    private Ice4jGathering() {
    }

    /** An agent with our host harvester and STUN harvesters; nothing bound yet. */
    static Agent createAgent(IceConfig config, IceRole role, HostSocketFactory sockets,
            org.sipice.sdp.IceCredentials credentials) {
        NominatingAgent agent = new NominatingAgent(config.nomination());
        if (credentials != null) {
            agent.useCredentials(credentials); // a forked dialog's session (ForkedIceSession)
        }
        agent.setControlling(role == IceRole.CONTROLLING);
        agent.setTa(config.ta().toMillis());
        // Host candidates come from createComponent(); STUN runs in serverReflexive(), under
        // our deadline, instead of blocking createComponent() for up to 1.1 s (ice4j.md §7.5).
        agent.setTrickling(true);
        // Our host harvester only: ice4j's skips loopback and reads process-wide filters.
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new FixedAddressHostHarvester(HostInterfaces.select(config), sockets));
        if (RelayFirst.applies(config)) {
            TurnAllocations.addHarvesters(agent, config, agent.getLocalUfrag());
        } else {
            for (StunServer server : config.stunServers()) {
                agent.addCandidateHarvester(new ReflexiveStunHarvester(
                        new TransportAddress(server.address(), Transport.UDP)));
            }
            TurnAllocations.addHarvesters(agent, config, agent.getLocalUfrag());
        }
        RelayOnly.restrictChecks(agent, config);
        return agent;
    }

    /** The media stream with its components (RFC 8445 §4: ids 1..n) and host candidates. */
    static IceMediaStream createStream(Agent agent, IceConfig config) throws IOException {
        IceMediaStream stream = agent.createMediaStream(STREAM);
        for (int i = 0; i < config.componentCount(); i++) {
            agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        }
        return stream;
    }

    /**
     * Server-reflexive and relayed gathering (RFC 8445 §5.1.1.2) on a worker, bounded by the
     * gathering deadline: a silent server costs at most that long and is reported, never a hang.
     *
     * @return one {@link IceEvent.ServerFailed} per server that gave no candidate, and one
     *         {@link IceEvent.TurnAllocated} per allocation
     */
    static List<IceEvent> serverReflexive(Agent agent, IceMediaStream stream, IceConfig config, Object lock,
            String name) {
        if (config.stunServers().isEmpty() && config.turnServers().isEmpty()) {
            return List.of();
        }
        CountDownLatch done = new CountDownLatch(1);
        Executors.workers().execute(() -> {
            try {
                agent.startCandidateTrickle(batch -> {
                    if (batch == null) {
                        done.countDown();
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("{}: STUN/TURN gathering ended with {}", name, e.toString());
            } finally {
                done.countDown();
            }
        });
        boolean finished;
        try {
            finished = done.await(config.gatheringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        List<IceEvent> failures = new ArrayList<>();
        boolean ended = finished;
        TurnAllocations.of(agent).ifPresent(t -> failures.addAll(t.gatheringOutcome(ended, config.gatheringTimeout())));
        synchronized (lock) {
            for (StunServer server : RelayFirst.stunServersAsked(config)) {
                if (!hasReflexiveFrom(stream, server) && ReflexiveStunHarvester.sawNoNat(agent,
                        new TransportAddress(server.address(), Transport.UDP))) {
                    // RFC 8445 §5.1.3: the server answered, and a server-reflexive candidate
                    // equal to its base is redundant: no NAT between us and the server.
                    LOG.info("{}: stun:{} answered with the host address itself (no NAT): no separate"
                            + " server-reflexive candidate (RFC 8445 §5.1.3)", name, server);
                } else if (!hasReflexiveFrom(stream, server)) {
                    failures.add(new IceEvent.ServerFailed("stun:" + server, finished
                            ? "no Binding response (server silent, unreachable or refusing)"
                            : "no Binding response within the gathering deadline of "
                                    + config.gatheringTimeout().toMillis() + " ms"));
                }
            }
        }
        return failures;
    }

    private static boolean hasReflexiveFrom(IceMediaStream stream, StunServer server) {
        for (Component c : stream.getComponents()) {
            for (LocalCandidate lc : c.getLocalCandidates()) {
                if (lc instanceof ServerReflexiveCandidate
                        && server.address().equals(lc.getStunServerAddress())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What goes into SDP: credentials, every candidate, a default per component. */
    static LocalIce describe(Agent agent, IceMediaStream stream, IceConfig config) throws IOException {
        List<IceCandidate> candidates = new ArrayList<>();
        for (Component c : stream.getComponents()) {
            for (LocalCandidate lc : c.getLocalCandidates()) {
                candidates.add(CandidateMapping.toSdp(lc));
            }
        }
        candidates = RelayOnly.signalled(config, candidates);
        if (candidates.isEmpty()) {
            throw new IOException("no local candidate: no usable host address");
        }
        Map<Integer, TransportAddr> defaults = new HashMap<>();
        for (int component = 1; component <= config.componentCount(); component++) {
            IceCandidate chosen = DefaultCandidates.choose(candidates, component)
                    .orElseThrow(() -> new IOException("no local candidate for a component"));
            defaults.put(component, new TransportAddr(chosen.address(), chosen.port()));
        }
        return new LocalIce(new IceCredentials(agent.getLocalUfrag(), agent.getLocalPassword()), candidates,
                defaults);
    }
}

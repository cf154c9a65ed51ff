package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;
import org.sipice.ice.internal.engine.agent.AgentSnapshot;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * An {@link IceStats} from what the session knows: the agent's snapshot (candidates, pairs and
 * their counters, kept natively by the agent) and, for the server that gave each local
 * candidate, the gathering. Before checks start, the gathered candidates alone.
 */
final class StatsAssembly {
    private StatsAssembly() {
    }

    /**
     * @param gathered every local candidate gathered (for {@code url}); empty before gathering ends
     * @param agent    the agent's snapshot, or null when there is no agent yet
     */
    static IceStats of(List<GatheredCandidate> gathered, AgentSnapshot agent, IceRole role, IceState state) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (GatheredCandidate g : gathered) {
            urls.put(key(g.candidate()), g.url());
        }
        Map<String, IceCandidateStats> locals = new LinkedHashMap<>();
        Map<String, IceCandidateStats> remotes = new LinkedHashMap<>();
        List<IceCandidate> ours = agent != null ? agent.localCandidates()
                : gathered.stream().map(GatheredCandidate::candidate).toList();
        ours.forEach(c -> locals.computeIfAbsent(key(c), k -> candidate("L" + (locals.size() + 1), false, c,
                urls.get(k))));
        List<IceCandidatePairStats> pairs = new ArrayList<>();
        if (agent != null) {
            agent.remoteCandidates().forEach(c -> remotes.computeIfAbsent(key(c),
                    k -> candidate("R" + (remotes.size() + 1), true, c, null)));
            for (AgentSnapshot.Pair p : agent.pairs()) {
                // Peer-reflexive candidates learnt from checks may appear in pairs only.
                IceCandidateStats local = locals.computeIfAbsent(key(p.local()),
                        k -> candidate("L" + (locals.size() + 1), false, p.local(), urls.get(k)));
                IceCandidateStats remote = remotes.computeIfAbsent(key(p.remote()),
                        k -> candidate("R" + (remotes.size() + 1), true, p.remote(), null));
                pairs.add(new IceCandidatePairStats("P" + (pairs.size() + 1), p.componentId(), local.id(),
                        remote.id(), p.state(), p.priority(), p.nominated(), p.selected(), p.requestsSent(),
                        p.requestsReceived(), p.responsesSent(), p.responsesReceived(), p.consentRequestsSent(),
                        p.currentRoundTripTime() == null ? null : seconds(p.currentRoundTripTime()),
                        p.totalRoundTripTime() == null ? 0 : seconds(p.totalRoundTripTime()), p.packetsSent(),
                        p.packetsReceived(), p.bytesSent(), p.bytesReceived()));
            }
        }
        return new IceStats(Instant.now(), 0, agent != null ? agent.role() : role, state,
                List.copyOf(locals.values()), List.copyOf(remotes.values()), pairs);
    }

    private static IceCandidateStats candidate(String id, boolean remote, IceCandidate c, String url) {
        // The client-to-server transport of a relayed candidate, as its URL says (RFC 7065 §3.1):
        // turns: is TLS over TCP.
        String relayProtocol = remote || c.type() != CandidateType.RELAY ? null
                : url != null && url.startsWith("turns:") ? "tls"
                : url != null && url.endsWith("?transport=tcp") ? "tcp" : "udp";
        return new IceCandidateStats(id, remote, c.componentId(), c.type().sdpName(), c.transport().toLowerCase(),
                c.address(), c.port(), c.priority(), c.foundation(), c.relatedAddress(), c.relatedPort(),
                relayProtocol, remote ? null : url);
    }

    private static String key(IceCandidate c) {
        return c.componentId() + " " + c.transportAddr();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}

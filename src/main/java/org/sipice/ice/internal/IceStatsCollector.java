package org.sipice.ice.internal;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.LocalCandidate;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;
import org.sipice.ice.internal.nomination.NominatingAgent;
import org.sipice.ice.internal.stats.PairCounters;
import org.sipice.sdp.IceCandidate;

/**
 * Reads one agent into an {@link IceStats} snapshot: ice4j's candidates, check list, states and
 * selection, with the {@link PairCounters} our hooks keep beside them. Called with the session's
 * lock held, before {@code Agent.free()} (afterwards ice4j has forgotten the pairs).
 */
final class IceStatsCollector {
    private static final PairCounters NONE = new PairCounters();

    private IceStatsCollector() {
    }

    /** The counters of {@code agent} (a {@link NominatingAgent}; any other counts nothing). */
    static PairCounters counters(Agent agent) {
        return agent instanceof NominatingAgent ? ((NominatingAgent) agent).counters() : NONE;
    }

    static PairCounters counters(Component component) {
        return counters(component.getParentStream().getParentAgent());
    }

    static IceStats snapshot(Agent agent, IceMediaStream stream, IceRole role, IceState state) {
        if (agent == null || stream == null) {
            return IceStats.empty(role, state);
        }
        PairCounters counters = counters(agent);
        Map<String, IceCandidateStats> locals = new LinkedHashMap<>();
        Map<String, IceCandidateStats> remotes = new LinkedHashMap<>();
        List<CandidatePair> pairs = new ArrayList<>();
        for (Component component : stream.getComponents()) {
            component.getLocalCandidates().stream()
                    .sorted(Comparator.comparingLong(Candidate<?>::getPriority).reversed())
                    .forEach(c -> locals.computeIfAbsent(key(c), k -> candidate("L" + (locals.size() + 1), false, c)));
            component.getRemoteCandidates().forEach(
                    c -> remotes.computeIfAbsent(key(c), k -> candidate("R" + (remotes.size() + 1), true, c)));
        }
        List<CandidatePair> listed;
        synchronized (stream.getCheckList()) {
            listed = new ArrayList<>(stream.getCheckList());
        }
        // The check list first; then a selected pair outside it (a valid pair with a peer-reflexive
        // local candidate, RFC 8445 §7.2.5.3.2); then pairs ice4j dropped from the check list once
        // a pair was nominated (§8.1.2), with their last state. One entry per 5-tuple.
        for (Component component : stream.getComponents()) {
            if (component.getSelectedPair() != null) {
                listed.add(component.getSelectedPair());
            }
        }
        listed.addAll(counters.createdPairs());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CandidatePair p : listed) {
            if (seen.add(pairKey(p))) {
                pairs.add(p);
            }
        }
        pairs.sort(Comparator.comparingInt((CandidatePair p) -> p.getParentComponent().getComponentID())
                .thenComparing(Comparator.comparingLong(CandidatePair::getPriority).reversed()));
        List<IceCandidatePairStats> pairStats = new ArrayList<>();
        for (CandidatePair p : pairs) {
            // Peer-reflexive candidates learnt from checks (RFC 8445 §7.3.1.3) appear in pairs only.
            IceCandidateStats local = locals.computeIfAbsent(key(p.getLocalCandidate()),
                    k -> candidate("L" + (locals.size() + 1), false, p.getLocalCandidate()));
            IceCandidateStats remote = remotes.computeIfAbsent(key(p.getRemoteCandidate()),
                    k -> candidate("R" + (remotes.size() + 1), true, p.getRemoteCandidate()));
            CandidatePair selected = p.getParentComponent().getSelectedPair();
            pairStats.add(pair("P" + (pairStats.size() + 1), p, local, remote,
                    selected != null && samePair(selected, p), counters));
        }
        return new IceStats(Instant.now(), 0, role, state, List.copyOf(locals.values()),
                List.copyOf(remotes.values()), pairStats);
    }

    private static IceCandidatePairStats pair(String id, CandidatePair p, IceCandidateStats local,
            IceCandidateStats remote, boolean selected, PairCounters counters) {
        PairCounters.Counter c = counters.of(p.getLocalCandidate().getTransportAddress(),
                p.getRemoteCandidate().getTransportAddress()).orElseGet(PairCounters.Counter::new);
        return new IceCandidatePairStats(id, p.getParentComponent().getComponentID(), local.id(), remote.id(),
                state(p.getState()), p.getPriority(), NominatingAgent.nominationRecorded(p) || selected, selected,
                c.requestsSent(), c.requestsReceived(), c.responsesSent(), c.responsesReceived(),
                c.consentRequestsSent(), c.currentRoundTripTime(), c.totalRoundTripTime(), c.packetsSent(),
                c.packetsReceived(), c.bytesSent(), c.bytesReceived());
    }

    /** RFC 8445 §6.1.2.6 states, in WebRTC's spelling ({@code RTCStatsIceCandidatePairState}). */
    static String state(CandidatePairState s) {
        switch (s) {
            case WAITING:
                return "waiting";
            case IN_PROGRESS:
                return "in-progress";
            case SUCCEEDED:
                return "succeeded";
            case FAILED:
                return "failed";
            default:
                return "frozen";
        }
    }

    private static IceCandidateStats candidate(String id, boolean remote, Candidate<?> c) {
        IceCandidate sdp = CandidateMapping.toSdp(c);
        String relayProtocol = null;
        String url = null;
        if (!remote && c instanceof LocalCandidate) {
            TransportAddress relay = c.getRelayServerAddress();
            TransportAddress stun = c.getStunServerAddress();
            if (sdp.type() == org.sipice.sdp.CandidateType.RELAY && relay != null) {
                relayProtocol = relay.getTransport().toString().toLowerCase();
                url = "turn:" + hostPort(relay) + "?transport=" + relayProtocol;
            } else if (sdp.type() == org.sipice.sdp.CandidateType.SRFLX && stun != null) {
                url = "stun:" + hostPort(stun);
            }
        }
        // The priority as ice4j holds it: stats tell the truth even when it is out of range.
        return new IceCandidateStats(id, remote, sdp.componentId(), sdp.type().sdpName(),
                sdp.transport().toLowerCase(), sdp.address(), sdp.port(), c.getPriority(), sdp.foundation(),
                sdp.relatedAddress(), sdp.relatedPort(), relayProtocol, url);
    }

    private static String key(Candidate<?> c) {
        return c.getParentComponent().getComponentID() + " " + hostPort(c.getTransportAddress());
    }

    private static boolean samePair(CandidatePair a, CandidatePair b) {
        return a == b || pairKey(a).equals(pairKey(b));
    }

    private static String pairKey(CandidatePair p) {
        return p.getParentComponent().getComponentID() + " " + hostPort(p.getLocalCandidate().getTransportAddress())
                + " " + hostPort(p.getRemoteCandidate().getTransportAddress());
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}

package org.sipice.ice.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceStats;
import org.sipice.sdp.IceCandidate;

/**
 * Relay-only sessions ({@link IceConfig#relayOnly()}): only relayed candidates are offered and
 * used, so no host or server-reflexive address of ours ever reaches the peer (the privacy mode of
 * RFC 8828 §5.2 "mode 4" and of WebRTC's {@code iceTransportPolicy: "relay"}).
 *
 * <p>The engine gathers host candidates anyway (each relayed candidate sends through its host
 * base), so the policy is applied where candidates leave the session: what is signalled
 * ({@link #signalled}), which local candidates the agent pairs (only the signalled ones) and what
 * reports show ({@link #reported}).
 */
public final class RelayOnly {
    private static final String HIDDEN_ADDRESS = "0.0.0.0";
    private static final int HIDDEN_PORT = 0;

    private RelayOnly() {
    }

    /**
     * The candidates to signal: all of them normally; in relay-only mode the relayed ones, with
     * their related address (the mapped address) hidden as {@code 0.0.0.0 0}: RFC 8839 §5.1 makes
     * rel-addr/rel-port "useful for diagnostics and other purposes", connectivity checks never use
     * them, and browsers hide them the same way.
     *
     * @throws IOException in relay-only mode when no TURN server granted a relayed candidate
     */
    public static List<IceCandidate> signalled(IceConfig config, List<IceCandidate> candidates) throws IOException {
        if (!config.relayOnly()) {
            return candidates;
        }
        List<IceCandidate> relayed = candidates.stream()
                .filter(c -> c.type() == org.sipice.sdp.CandidateType.RELAY)
                .map(c -> c.toBuilder().relatedAddress(HIDDEN_ADDRESS).relatedPort(HIDDEN_PORT).build())
                .collect(Collectors.toList());
        if (relayed.isEmpty()) {
            throw new IOException("relay-only: no relayed candidate (no TURN server granted an allocation)");
        }
        return relayed;
    }

    /**
     * What a report may show of a session: all of it normally; in relay-only mode no host or
     * server-reflexive candidate of ours, no pair on one, and the related address of our other
     * candidates hidden as in {@link #signalled}. A report is shared for diagnosis (support
     * tickets, bug reports); the session still holds the host candidates the relays send through,
     * and they must not leak that way either. The peer's candidates are its own and stay.
     */
    public static IceStats reported(IceConfig config, IceStats stats) {
        if (!config.relayOnly()) {
            return stats;
        }
        List<IceCandidateStats> locals = stats.localCandidates().stream()
                .filter(c -> !"host".equals(c.candidateType()) && !"srflx".equals(c.candidateType()))
                .map(c -> new IceCandidateStats(c.id(), c.isRemote(), c.componentId(), c.candidateType(),
                        c.protocol(), c.address(), c.port(), c.priority(), c.foundation(),
                        c.relatedAddress() == null ? null : HIDDEN_ADDRESS,
                        c.relatedPort() == null ? null : HIDDEN_PORT, c.relayProtocol(), c.url()))
                .collect(Collectors.toList());
        Set<String> kept = locals.stream().map(IceCandidateStats::id).collect(Collectors.toSet());
        List<IceCandidatePairStats> pairs = stats.pairs().stream().filter(p -> kept.contains(p.localCandidateId()))
                .collect(Collectors.toList());
        return new IceStats(stats.timestamp(), stats.generation(), stats.role(), stats.state(), locals,
                stats.remoteCandidates(), pairs);
    }
}

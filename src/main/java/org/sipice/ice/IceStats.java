package org.sipice.ice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What ICE did, at one moment: the candidates on both sides and every candidate pair with its
 * checks, round trips and media counts (a snapshot; it never changes). {@link IceSession#stats()}
 * gives the generation in force; after the session closed, its last state before release.
 *
 * @param timestamp        when the snapshot was taken
 * @param generation       0, or the number of the ICE restart (RFC 8445 §9) the figures belong to
 * @param role             the role at that moment
 * @param state            the session state at that moment
 * @param localCandidates  ours, by component then priority
 * @param remoteCandidates the peer's (signalled, then peer-reflexive ones learnt from checks)
 * @param pairs            the check list by component then pair priority
 */
public record IceStats(Instant timestamp, int generation, IceRole role, IceState state,
        List<IceCandidateStats> localCandidates, List<IceCandidateStats> remoteCandidates,
        List<IceCandidatePairStats> pairs) {

    public IceStats {
        localCandidates = localCandidates == null ? List.of() : List.copyOf(localCandidates);
        remoteCandidates = remoteCandidates == null ? List.of() : List.copyOf(remoteCandidates);
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
    }

    /** Nothing gathered yet (or no ICE at all: a peer without ICE). */
    public static IceStats empty(IceRole role, IceState state) {
        return new IceStats(Instant.now(), 0, role, state, List.of(), List.of(), List.of());
    }

    /** The same figures attributed to restart generation {@code n}. */
    public IceStats withGeneration(int n) {
        return new IceStats(timestamp, n, role, state, localCandidates, remoteCandidates, pairs);
    }

    /** The selected pairs, one per component that has one. */
    public List<IceCandidatePairStats> selectedPairs() {
        return pairs.stream().filter(IceCandidatePairStats::selected).toList();
    }

    /** The selected pair of {@code componentId}. */
    public Optional<IceCandidatePairStats> selectedPair(int componentId) {
        return pairs.stream().filter(p -> p.selected() && p.componentId() == componentId).findFirst();
    }

    /** The local or remote candidate with this id. */
    public Optional<IceCandidateStats> candidate(String id) {
        return Stream.concat(localCandidates.stream(), remoteCandidates.stream())
                .filter(c -> c.id().equals(id)).findFirst();
    }
}

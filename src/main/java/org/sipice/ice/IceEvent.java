package org.sipice.ice;

import java.time.Duration;
import java.util.List;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.TransportAddr;

/**
 * What an {@link IceSession} reports, as values. Events of one session are delivered in order,
 * one at a time, on sipice's own executor (never on a JAIN-SIP or ice4j thread).
 *
 * <p>Nesting: {@link GatheringStarted} … {@link GatheringCompleted}; then {@link ChecksStarted} …
 * {@link Completed} or {@link Failed}; {@link Closed} is always last. After {@link Completed}, a
 * late nomination may still bring {@link PairNominated} and {@link SelectedPairChanged}, and a role
 * conflict {@link RoleChanged} (which can also come before {@link ChecksStarted}).
 */
public sealed interface IceEvent {

    /** Candidate gathering began (RFC 8445 §5.1). */
    record GatheringStarted() implements IceEvent {
    }

    /** A local candidate is ready to be signalled. */
    record CandidateGathered(IceCandidate candidate) implements IceEvent {
    }

    /** A STUN (or TURN) server did not give a candidate: silent, refusing or unreachable. */
    record ServerFailed(String server, String reason) implements IceEvent {
    }

    /** Gathering ended (complete or cut by the deadline); {@code candidates} is the final list. */
    record GatheringCompleted(List<IceCandidate> candidates, Duration took) implements IceEvent {
        public GatheringCompleted {
            candidates = List.copyOf(candidates);
        }
    }

    /** Connectivity checks began (RFC 8445 §6.1.4). */
    record ChecksStarted(IceRole role, int pairCount) implements IceEvent {
    }

    /** A check succeeded and its pair entered the valid list (RFC 8445 §7.2.5.3.2). */
    record PairValidated(CandidatePairInfo pair) implements IceEvent {
    }

    /** A valid pair was nominated (RFC 8445 §8.1.1). */
    record PairNominated(CandidatePairInfo pair) implements IceEvent {
    }

    /** A component has its selected pair; media for it goes there (RFC 8445 §8.1.1, §12.1). */
    record PairSelected(CandidatePairInfo pair) implements IceEvent {
    }

    /** Every component has a selected pair (RFC 8445 §8.1.2: checklist Completed). */
    record Completed(List<CandidatePairInfo> selectedPairs, Duration took) implements IceEvent {
        public Completed {
            selectedPairs = List.copyOf(selectedPairs);
        }
    }

    /** ICE failed (RFC 8445 §8.1.2: checklist Failed) or could not start. */
    record Failed(String reason) implements IceEvent {
    }

    /** The session released its sockets and threads. */
    record Closed() implements IceEvent {
    }

    /**
     * The nomination mode this session uses as controlling agent, now that the peer is known;
     * right after {@link ChecksStarted}. A controlled agent accepts both modes (RFC 8445
     * §7.3.1.5); the mode matters if a role conflict makes it controlling.
     */
    record NominationModeChosen(NominationMode mode) implements IceEvent {
    }

    /**
     * Aggressive nomination was configured but is not used toward this peer: it is ICE-lite or
     * signals ice-options we do not understand (RFC 5245 §8.1.1). Comes before
     * {@link NominationModeChosen}.
     *
     * @param used the mode used instead (regular)
     * @param reason why, for logs and the ladder
     */
    record NominationFallback(NominationMode used, String reason) implements IceEvent {
    }

    /**
     * The agent switched role: a role conflict was resolved (RFC 8445 §7.3.1.1, 487 Role Conflict,
     * §7.2.5.1), or at start a controlled full agent took control toward an ICE-lite peer (RFC 8445
     * §6.1.1). {@link IceSession#role()} reports the new role.
     */
    record RoleChanged(IceRole role) implements IceEvent {
    }

    /**
     * After {@link Completed}, a higher-priority pair was nominated and replaced the selected pair
     * of its component: both agents use the highest-priority nominated pair (RFC 5245 §8.1.1.2,
     * §11.1.1; RFC 8445 §8.1.1). Media goes to the new pair from now on.
     */
    record SelectedPairChanged(CandidatePairInfo previous, CandidatePairInfo selected) implements IceEvent {
    }

    /**
     * A TURN server granted a relayed candidate (RFC 8656 §7.3). sipice refreshes the allocation,
     * its permissions and its channel bindings until the session closes, then deletes it. A dual
     * allocation (IPv4 and IPv6 in one, RFC 8656 §7.1) gives two of these, one per address.
     *
     * @param server      the TURN server, as {@link TurnServer#toString()} writes it
     * @param componentId the component the relayed candidate belongs to (1 RTP, 2 RTCP)
     * @param relayed     the relayed transport address, as signalled in the candidate
     * @param lifetime    what the server granted (RFC 8656 §7.3: LIFETIME)
     */
    record TurnAllocated(String server, int componentId, TransportAddr relayed, Duration lifetime)
            implements IceEvent {
    }

    /** A TURN allocation was refreshed before it expired (RFC 8656 §8); {@code lifetime} is the new one. */
    record TurnRefreshed(String server, int componentId, TransportAddr relayed, Duration lifetime)
            implements IceEvent {
    }

    /**
     * A request that keeps a TURN allocation usable failed: a Refresh (the allocation will expire
     * and its relayed candidate stop working), a CreatePermission or a ChannelBind (media through
     * the relay to that peer may stop).
     */
    record TurnRefreshFailed(String server, int componentId, TransportAddr relayed, String reason)
            implements IceEvent {
    }

    /**
     * A TURN server reached over TLS (RFC 8656 §3.1) was refused: its certificate failed
     * verification or the handshake failed. No allocation is made through it and the client does
     * not fall back to plain TCP; the session goes on with its other candidates (a
     * {@link ServerFailed} for the server follows at the end of gathering).
     *
     * @param server      the TURN server, as {@link TurnServer#toString()} writes it
     * @param componentId the component whose allocation it was for (1 RTP, 2 RTCP)
     * @param failure     which check failed
     * @param detail      the JDK's words for it (e.g. "No subject alternative names matching IP address 127.0.0.1 found")
     */
    record TurnTlsFailed(String server, int componentId, TlsFailure failure, String detail) implements IceEvent {
    }

    /**
     * An ICE restart began (RFC 8445 §9): a new generation with new credentials gathers while
     * media keeps flowing on the previous generation's selected pairs (make-before-break).
     * Its gathering and check events follow; it ends with {@link RestartCompleted} or
     * {@link RestartFailed}.
     *
     * @param generation 1 for the first restart, 2 for the second, ...
     */
    record RestartStarted(int generation) implements IceEvent {
    }

    /**
     * The restarted generation has a selected pair for every component; media now goes there
     * and the previous generation is released (RFC 8445 §9). Takes the place of
     * {@link Completed} for a restart.
     */
    record RestartCompleted(int generation, List<CandidatePairInfo> selectedPairs, Duration took)
            implements IceEvent {
        public RestartCompleted {
            selectedPairs = List.copyOf(selectedPairs);
        }
    }

    /**
     * The restarted generation found no pair; it is released and the previous generation stays
     * in force (and keeps carrying media as long as it has consent).
     */
    record RestartFailed(int generation, String reason) implements IceEvent {
    }

    /**
     * Consent to send on a selected pair expired (RFC 7675 §5.1): no authenticated Binding
     * success response for {@code sinceLastResponse}. The session stops sending and reports
     * {@link Failed} next; only an ICE restart regains consent.
     */
    record ConsentLost(CandidatePairInfo pair, Duration sinceLastResponse) implements IceEvent {
    }
    /**
     * The first authenticated connectivity check from the peer reached this session (or this
     * restart generation): a Binding request carrying our ufrag and a valid MESSAGE-INTEGRITY.
     * It proves the peer has our answer, so a callee may stop retransmitting an unreliable 18x
     * that carried it (RFC 8839 §7.1.1). Reported once per generation, whenever the check
     * arrives: after {@link GatheringCompleted}, possibly before {@link ChecksStarted}.
     */
    record PeerCheckReceived() implements IceEvent {
    }
}

package org.sipice.ice.internal.engine.agent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.tcp.TcpPairing;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * The check list of one agent (RFC 8445 §6.1.2): every component's pairs ordered by priority, the
 * triggered-check queue, and which pair the next check goes to (RFC 8445 §6.1.4.2).
 */
final class CheckList {
    /** RFC 8445 §6.1.2.5: an agent SHOULD limit a check list to 100 pairs. */
    static final int MAX_PAIRS = 100;

    private static final Comparator<CandidatePair> HIGHEST_FIRST =
            Comparator.comparingLong(CandidatePair::priority).reversed();

    private final List<CandidatePair> pairs = new ArrayList<>();
    private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();

    /** Nothing is known about the local networks: no pair is taken for an unlikely one ({@link CheckOrder}). */
    static final LocalNetworks NOTHING_KNOWN = (local, remote) -> java.util.Optional.empty();

    /** {@link #form(List, List, IceRole, boolean, LocalNetworks, boolean)} knowing nothing of the local networks. */
    static CheckList form(List<LocalCandidate> locals, List<IceCandidate> remotes, IceRole role, boolean relayOnly) {
        return form(locals, remotes, role, relayOnly, NOTHING_KNOWN, false);
    }

    /**
     * Forms the pairs (RFC 8445 §6.1.2.2-§6.1.2.5), sets their initial states (§6.1.2.6) and the
     * order of their checks ({@link CheckOrder}).
     *
     * @param relayOnly pairs only from relayed local candidates
     * @param networks  which peer addresses are on our links (host pairs that cannot work go later)
     * @param udpBlocked UDP known blocked past our links: UDP pairs that need it are not formed
     *                  ({@link UdpBlockedPruning})
     */
    static CheckList form(List<LocalCandidate> locals, List<IceCandidate> remotes, IceRole role, boolean relayOnly,
            LocalNetworks networks, boolean udpBlocked) {
        CheckList list = new CheckList();
        for (LocalCandidate local : locals) {
            if (relayOnly && local.candidate().type() != CandidateType.RELAY) {
                continue;
            }
            // RFC 8445 §6.1.2.4: a server-reflexive candidate is replaced by its base.
            LocalCandidate base = baseOf(local, locals);
            if (TcpPairing.prunedFromCheckList(base.candidate())) {
                continue; // RFC 6544 §6.2: a passive candidate's pairs are learnt from the peer's checks
            }
            for (IceCandidate remote : remotes) {
                InetSocketAddress address = address(remote);
                if (address != null && pairable(base, remote, address)
                        && !(udpBlocked && UdpBlockedPruning.prunes(base, address, networks))) {
                    list.pairs.add(new CandidatePair(base, remote, address, role));
                }
            }
        }
        list.pairs.sort(HIGHEST_FIRST);
        list.prune();
        list.setInitialStates();
        CheckOrder.markUnlikely(list.pairs, locals, remotes, networks);
        CheckOrder.assignKeys(list.pairs);
        return list;
    }

    /**
     * RFC 8445 §6.1.2.4: the host candidate that is the base of a server-reflexive one (same port);
     * the candidate itself when it is not server-reflexive or its base was not signalled.
     */
    private static LocalCandidate baseOf(LocalCandidate local, List<LocalCandidate> locals) {
        if (local.candidate().type() != CandidateType.SRFLX) {
            return local;
        }
        for (LocalCandidate other : locals) {
            if (other.candidate().type() == CandidateType.HOST && other.port() == local.port()
                    && other.componentId() == local.componentId()) {
                return other;
            }
        }
        return local;
    }

    /**
     * RFC 8445 §6.1.2.2: same component, same address family, same transport: UDP with UDP, TCP
     * active with passive and passive with active (RFC 6544 §6.2, {@link TcpPairing}).
     */
    static boolean pairable(LocalCandidate local, IceCandidate remote, InetSocketAddress remoteAddress) {
        return local.componentId() == remote.componentId() && TcpPairing.transportsPair(local.candidate(), remote)
                && (local.base().getAddress() instanceof Inet4Address)
                        == (remoteAddress.getAddress() instanceof Inet4Address);
    }

    /**
     * The transport address of a remote candidate, or null for one that cannot be paired: a host
     * name (RFC 8839 §5.1: ignored unless an extension says how to resolve it; no DNS lookup here),
     * port 0 or a wildcard address.
     */
    static InetSocketAddress address(IceCandidate remote) {
        if (remote.isFqdn() || remote.port() == 0) {
            return null;
        }
        try {
            InetAddress ip = InetAddress.getByName(remote.address()); // a literal: no lookup
            return ip.isAnyLocalAddress() ? null : new InetSocketAddress(ip, remote.port());
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /**
     * RFC 8445 §6.1.2.4: of the pairs with the same local base and remote candidate address only
     * the highest-priority one is kept; then §6.1.2.5: the lowest-priority pairs beyond 100 go.
     */
    private void prune() {
        Set<List<Object>> seen = new HashSet<>();
        pairs.removeIf(p -> !seen.add(List.of(p.port(), p.remoteAddress()))); // ports compare by identity
        while (pairs.size() > MAX_PAIRS) {
            pairs.remove(pairs.size() - 1);
        }
    }

    /**
     * RFC 8445 §6.1.2.6: for each foundation, the pair with the lowest component id and, among those,
     * the highest priority is Waiting; every other pair is Frozen.
     */
    private void setInitialStates() {
        Set<String> foundations = new HashSet<>();
        List<CandidatePair> byComponent = new ArrayList<>(pairs);
        byComponent.sort(Comparator.comparingInt(CandidatePair::componentId).thenComparing(HIGHEST_FIRST));
        for (CandidatePair p : byComponent) {
            p.state(foundations.add(p.foundation()) ? PairState.WAITING : PairState.FROZEN);
        }
    }

    /**
     * The pair the next check goes to (RFC 8445 §6.1.4.2), or null: the first of the triggered-check
     * queue, else the first Waiting pair in {@link CheckOrder check order} (pair priority but for
     * unlikely host pairs), else the first Frozen pair whose foundation has no Waiting or
     * In-Progress pair, which is unfrozen.
     */
    CandidatePair next() {
        while (!triggered.isEmpty()) {
            CandidatePair p = triggered.poll();
            // Skipped: a pair gone, or answered since it was queued (a check in flight succeeded),
            // unless its nomination is still to be sent.
            boolean answered = p.state() == PairState.SUCCEEDED && !(p.useCandidate() && !p.isNominated());
            if (pairs.contains(p) && p.state() != PairState.IN_PROGRESS && !answered) {
                return picked(p);
            }
        }
        CandidatePair waiting = null;
        for (CandidatePair p : pairs) {
            if (p.state() == PairState.WAITING && (waiting == null || p.checkOrder() > waiting.checkOrder())) {
                waiting = p;
            }
        }
        if (waiting != null) {
            return picked(waiting);
        }
        Set<String> busy = new HashSet<>();
        for (CandidatePair p : pairs) {
            if (p.state() == PairState.WAITING || p.state() == PairState.IN_PROGRESS) {
                busy.add(p.foundation());
            }
        }
        CandidatePair frozen = null;
        for (CandidatePair p : pairs) {
            if (p.state() == PairState.FROZEN && !busy.contains(p.foundation())
                    && (frozen == null || p.checkOrder() > frozen.checkOrder())) {
                frozen = p;
            }
        }
        if (frozen != null) {
            frozen.state(PairState.WAITING);
            return picked(frozen);
        }
        return null;
    }

    /**
     * The first check of a foundation leaves: the Frozen pairs of that foundation in the other
     * components become Waiting, and are checked in their turn instead of after that check
     * succeeds (RFC 8445 §7.2.5.3.3). RFC 8445 §6.1.2.6 freezes them because pairs of one
     * foundation usually share their outcome; but each component is a 5-tuple of its own through
     * the NATs, whose bindings and filters (RFC 4787 §4, §5) only its own outgoing check opens, and
     * waiting kept component 2 one round trip behind component 1 (on the peer's side too, whose
     * checks of component 2 our NAT dropped until ours left: the relayed pair then won component 2
     * in the NAT matrix). One extra check per component and foundation, paced at Ta like the rest.
     */
    private CandidatePair picked(CandidatePair pair) {
        for (CandidatePair p : pairs) {
            if (p.state() == PairState.FROZEN && p.componentId() != pair.componentId()
                    && p.foundation().equals(pair.foundation())) {
                p.state(PairState.WAITING);
            }
        }
        return pair;
    }

    /** RFC 8445 §7.3.1.4, §7.2.5.1: the pair goes to the triggered-check queue as Waiting. */
    void trigger(CandidatePair pair) {
        pair.state(PairState.WAITING);
        if (!triggered.contains(pair)) {
            triggered.add(pair);
        }
    }

    boolean hasTriggered() {
        return !triggered.isEmpty();
    }

    /**
     * RFC 8445 §7.2.5.3.3: when a check succeeds, every Frozen pair with the same foundation, in
     * every component, becomes Waiting.
     */
    void unfreeze(String foundation) {
        for (CandidatePair p : pairs) {
            if (p.state() == PairState.FROZEN && p.foundation().equals(foundation)) {
                p.state(PairState.WAITING);
            }
        }
    }

    /**
     * Adds a pair learnt from a check (RFC 8445 §7.3.1.4) or returns the existing pair with the
     * same base and remote address (RFC 8445 §6.1.2.4: never two such pairs). Beyond 100 pairs the
     * lowest-priority pair that is not in progress or succeeded is dropped (§6.1.2.5), the new
     * one included: then it is not in the list when this returns.
     */
    CandidatePair add(CandidatePair pair) {
        CandidatePair existing = find(pair.local(), pair.remoteAddress());
        if (existing != null) {
            return existing;
        }
        pairs.add(pair);
        pairs.sort(HIGHEST_FIRST);
        if (pairs.size() > MAX_PAIRS) {
            for (int i = pairs.size() - 1; i >= 0; i--) {
                CandidatePair p = pairs.get(i);
                if (p.state() == PairState.FROZEN || p.state() == PairState.WAITING
                        || p.state() == PairState.FAILED || p.state() == PairState.CANCELLED) {
                    pairs.remove(i);
                    triggered.remove(p);
                    break;
                }
            }
        }
        return pair;
    }

    /** The pair whose base is {@code local}'s port and whose remote address is {@code remote}. */
    CandidatePair find(LocalCandidate local, InetSocketAddress remote) {
        for (CandidatePair p : pairs) {
            if (p.port() == local.port() && p.remoteAddress().equals(remote)) {
                return p;
            }
        }
        return null;
    }

    /** RFC 8445 §6.1.2.3 after a role change: G and D swap, so every priority is recomputed. */
    void reprioritise(IceRole role) {
        for (CandidatePair p : pairs) {
            p.reprioritise(role);
        }
        pairs.sort(HIGHEST_FIRST);
        CheckOrder.assignKeys(pairs);
    }

    /**
     * RFC 8445 §8.1.2: once a component has its selected pair, its Waiting and Frozen pairs are
     * removed and its In-Progress checks stopped, those above {@code keepAbove} excepted (a
     * higher-priority pair may still be nominated, RFC 5245 §8.1.1.2; pass Long.MAX_VALUE to stop all).
     */
    void stopChecking(int componentId, long keepAbove) {
        for (Iterator<CandidatePair> it = pairs.iterator(); it.hasNext();) {
            CandidatePair p = it.next();
            if (p.componentId() != componentId || p.priority() > keepAbove) {
                continue;
            }
            if (p.state() == PairState.WAITING || p.state() == PairState.FROZEN) {
                it.remove();
                triggered.remove(p);
            } else if (p.state() == PairState.IN_PROGRESS && !p.isNominated() && !p.useCandidate()) {
                // "cease retransmissions": a cancelled check is not a failed one (PairState.CANCELLED).
                p.cancelCheck();
                p.state(PairState.CANCELLED);
            }
        }
    }

    /** True while a pair of the component can still succeed: Frozen, Waiting or In-Progress. */
    boolean canStillSucceed(int componentId, long above) {
        for (CandidatePair p : pairs) {
            if (p.componentId() == componentId && p.priority() > above && (p.state() == PairState.FROZEN
                    || p.state() == PairState.WAITING || p.state() == PairState.IN_PROGRESS)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the component has any pair at all. */
    boolean hasPairs(int componentId) {
        return pairs.stream().anyMatch(p -> p.componentId() == componentId);
    }

    /** The pairs, highest priority first (the list itself: callers on the session's thread only). */
    List<CandidatePair> pairs() {
        return pairs;
    }

    /** Cancels every check in progress. */
    void cancelAll() {
        for (CandidatePair p : pairs) {
            p.cancelCheck();
        }
        triggered.clear();
    }
}

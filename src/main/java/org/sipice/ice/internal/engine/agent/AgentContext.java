package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.message.Request;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.tcp.TcpPairing;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * The state of one agent that its parts share (check list, role, selected pairs) and the few
 * transitions they all use: validating, nominating and selecting a pair, switching roles,
 * completing and failing. Lives on the session's thread; no locks.
 */
final class AgentContext {
    private static final Logger LOG = LogManager.getLogger(AgentContext.class);

    /** Where the agent is in its life. */
    enum Phase { NEW, RUNNING, COMPLETED, FAILED, CLOSED }

    final Scheduler scheduler;
    final StunTransactions transactions;
    final AgentSettings settings;
    final AcceptanceWaits acceptanceWaits;
    final byte[] localKey;
    final List<LocalCandidate> locals = new ArrayList<>();
    /** Local peer-reflexive candidates learnt from responses (RFC 8445 §7.2.5.3.1), for the stats. */
    final List<IceCandidate> learntLocals = new ArrayList<>();
    final List<IceCandidate> remoteCandidates = new ArrayList<>();
    private final Consumer<IceEvent> events;
    private final Map<Integer, CandidatePair> selected = new TreeMap<>();
    private volatile Map<Integer, CandidatePair> selectedView = Map.of();
    final SelectedPairs consent;

    Phase phase = Phase.NEW;
    IceRole role;
    RemoteIce remote;
    byte[] remoteKey;
    CheckList checkList = CheckList.form(List.of(), List.of(), IceRole.CONTROLLING, false);
    NominationMode controllingMode;
    Nominator nominator;
    CheckPacer pacer;
    /** The pacing in force: Ta, or the peer's larger a=ice-pacing (RFC 8839 §4.3.2). */
    Duration ta;
    /** RFC 8445 §8.1.2 leaves the overall deadline to the agent: AgentSettings.checksTimeout. */
    Scheduler.Timer checksTimeout;
    long startNanos;
    private int prflxCount;

    AgentContext(Scheduler scheduler, StunTransactions transactions, AgentSettings settings,
            AcceptanceWaits acceptanceWaits, Consumer<IceEvent> events) {
        this.scheduler = scheduler;
        this.transactions = transactions;
        this.settings = settings;
        this.acceptanceWaits = acceptanceWaits;
        this.events = events;
        this.role = settings.role();
        this.controllingMode = settings.nomination();
        this.localKey = StunCodec.shortTermKey(settings.local().pwd());
        this.consent = new SelectedPairs(this);
    }

    void emit(IceEvent event) {
        if (phase != Phase.CLOSED) {
            try {
                events.accept(event);
            } catch (RuntimeException e) {
                // The agent's state must not depend on what a listener does.
                LOG.warn("ICE event listener failed on {}", event, e);
            }
        }
    }

    /** The strategy for the current role (STYLE.md principle 7: swapped when the role changes). */
    Nominator newNominator() {
        if (role == IceRole.CONTROLLED) {
            return new ControlledNomination(this);
        }
        return controllingMode == NominationMode.AGGRESSIVE ? new AggressiveNomination(this)
                : new RegularNomination(this);
    }

    /**
     * RFC 8445 §7.3.1.1, §7.2.5.1, §6.1.1: the agent takes {@code newRole}; the pair priorities are
     * recomputed (G and D swap, §6.1.2.3) and the nomination strategy is replaced.
     */
    void switchRole(IceRole newRole) {
        if (role == newRole) {
            return;
        }
        role = newRole;
        checkList.reprioritise(newRole);
        if (nominator != null) {
            nominator.stop();
            nominator = newNominator();
            // A valid pair the new strategy may nominate at once (regular controlling).
            for (CandidatePair p : List.copyOf(checkList.pairs())) {
                if (p.isValid() && p.state() == PairState.SUCCEEDED) {
                    nominator.onValid(p);
                }
            }
        }
        emit(new IceEvent.RoleChanged(newRole));
    }

    /** RFC 8445 §7.2.5.3.2: the pair is valid; its foundation is unfrozen (§7.2.5.3.3). */
    void validated(CandidatePair pair) {
        pair.state(PairState.SUCCEEDED);
        checkList.unfreeze(pair.foundation());
        if (!pair.isValid()) {
            pair.markValid();
            emit(new IceEvent.PairValidated(pair.info()));
        }
    }

    /** RFC 8445 §7.2.5.3.4, §7.3.1.5: the valid pair is nominated. */
    void nominated(CandidatePair pair) {
        if (pair.isNominated() || phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        pair.markNominated();
        emit(new IceEvent.PairNominated(pair.info()));
        nominator.onNominated(pair);
    }

    /** A check of the pair failed (RFC 8445 §7.2.5.2). */
    void pairFailed(CandidatePair pair) {
        pair.state(PairState.FAILED);
        pair.transaction(null);
        if (nominator != null) {
            nominator.onFailed(pair);
        }
        failIfNothingLeft();
        if (pacer != null) {
            pacer.wake();
        }
    }

    /**
     * Media of the pair's component goes there from now on (RFC 8445 §8.1.1, §12.1): PairSelected
     * the first time, SelectedPairChanged after; Completed once every component has one (§8.1.2).
     */
    void select(CandidatePair pair) {
        if (phase == Phase.FAILED || phase == Phase.CLOSED) {
            return;
        }
        int component = pair.componentId();
        CandidatePair previous = selected.get(component);
        if (previous == pair) {
            return;
        }
        selected.put(component, pair);
        selectedView = Map.copyOf(selected);
        if (previous == null) {
            emit(new IceEvent.PairSelected(pair.info()));
        } else {
            emit(new IceEvent.SelectedPairChanged(previous.info(), pair.info()));
        }
        // RFC 8445 §8.1.2: the component's lower-priority pairs are no longer checked.
        checkList.stopChecking(component,
                nominator.keepsCheckingAboveSelected() ? pair.priority() : Long.MAX_VALUE);
        consent.selected(previous, pair);
        if (phase == Phase.RUNNING && selected.keySet().containsAll(componentsInStream())) {
            phase = Phase.COMPLETED;
            cancelChecksTimeout();
            List<CandidatePairInfo> infos = selected.values().stream().map(CandidatePair::info).toList();
            emit(new IceEvent.Completed(infos, Duration.ofNanos(scheduler.nanoTime() - startNanos)));
        }
    }

    /**
     * The components ICE must select a pair for: those the peer signalled a candidate for. RFC
     * 5761 §5.1.3: an offer with rtcp-mux may carry no RTCP candidates, and an answer without it
     * then leaves component 2 with nothing to pair (RFC 8445 §6.1.2.2); it is not part of the data
     * stream. A peer that signalled nothing at all may still be learnt from its checks: every
     * component counts then.
     */
    Set<Integer> componentsInStream() {
        Set<Integer> signalled = new TreeSet<>();
        if (remote != null) {
            remote.candidates().stream().map(IceCandidate::componentId)
                    .filter(c -> c >= 1 && c <= settings.components()).forEach(signalled::add);
        }
        if (signalled.isEmpty()) {
            for (int c = 1; c <= settings.components(); c++) {
                signalled.add(c);
            }
        }
        return signalled;
    }

    /** The selected pair of a component, or null; readable from any thread. */
    CandidatePair selected(int componentId) {
        return selectedView.get(componentId);
    }

    boolean isSelected(CandidatePair pair) {
        return selectedView.get(pair.componentId()) == pair;
    }

    Map<Integer, CandidatePair> selectedPairs() {
        return selectedView;
    }

    /**
     * RFC 8445 §8.1.2: the check list failed when a component has pairs, none valid, and none that
     * can still succeed. A component without any pair waits for a peer-reflexive one (a check from
     * the peer) until the checks timeout.
     */
    void failIfNothingLeft() {
        if (phase != Phase.RUNNING || checkList.hasTriggered()) {
            return;
        }
        for (int c = 1; c <= settings.components(); c++) {
            final int component = c;
            // A valid pair whose nomination check then failed is no longer usable.
            boolean anyValid = checkList.pairs().stream()
                    .anyMatch(p -> p.componentId() == component && p.isValid() && p.state() != PairState.FAILED);
            if (selected.get(c) == null && checkList.hasPairs(c) && !anyValid
                    && !checkList.canStillSucceed(c, Long.MIN_VALUE)) {
                fail("every candidate pair of component " + c + " failed: no path to the peer"
                        + " (RFC 8445 §8.1.2; " + checkList.pairs().stream().filter(p -> p.componentId() == component)
                                .count() + " pairs checked)");
                return;
            }
        }
    }

    /** ICE failed: checks stop, Failed is reported (RFC 8445 §8.1.2). */
    void fail(String reason) {
        if (phase != Phase.RUNNING && phase != Phase.NEW) {
            return;
        }
        phase = Phase.FAILED;
        cancelChecksTimeout();
        stopChecks();
        emit(new IceEvent.Failed(reason));
    }

    void cancelChecksTimeout() {
        if (checksTimeout != null) {
            checksTimeout.cancel();
            checksTimeout = null;
        }
    }

    /** Stops the pacing, the nominator's timers and every check in progress. */
    void stopChecks() {
        if (pacer != null) {
            pacer.stop();
        }
        if (nominator != null) {
            nominator.stop();
        }
        checkList.cancelAll();
    }

    /** Stops consent on every selected pair. */
    void stopConsent() {
        consent.stopAll();
    }

    /** The selected pair of the 5-tuple, or null. */
    CandidatePair selectedAt(DatagramPort port, InetSocketAddress from) {
        for (CandidatePair p : selectedView.values()) {
            if (p.matches(port, from)) {
                return p;
            }
        }
        return null;
    }

    /** The pair of the 5-tuple a packet arrived on: the selected pair first, then any pair; or null. */
    CandidatePair pairOf(DatagramPort port, InetSocketAddress from) {
        for (CandidatePair p : selectedView.values()) {
            if (p.matches(port, from)) {
                return p;
            }
        }
        for (CandidatePair p : checkList.pairs()) {
            if (p.matches(port, from)) {
                return p;
            }
        }
        return null;
    }

    /** The local candidate that is the base of {@code port} (host or relayed), or null. */
    LocalCandidate baseOf(DatagramPort port) {
        LocalCandidate fallback = null;
        for (LocalCandidate l : locals) {
            if (l.port() == port) {
                if (l.candidate().type() != CandidateType.SRFLX) {
                    return l;
                }
                fallback = l;
            }
        }
        return fallback;
    }

    /**
     * RFC 8445 §7.2.5.3.1: the local candidate at the mapped address of a check's success
     * response (the pair's own, a server-reflexive one of the same base, or one learnt earlier);
     * a mapped address no local candidate has is a new peer-reflexive candidate.
     */
    IceCandidate learnLocalPeerReflexive(CandidatePair pair, InetSocketAddress mapped, long priority) {
        if (mapped.equals(CheckList.address(pair.local().candidate()))
                || TcpPairing.isActiveTcp(pair.local().candidate())) {
            // An active TCP candidate's connection leaves from an ephemeral port, never its
            // signalled port 9 (RFC 6544 §4.5): the mapped port says nothing new.
            return pair.local().candidate();
        }
        for (LocalCandidate l : locals) {
            if (l.componentId() == pair.componentId() && l.port() == pair.port()
                    && mapped.equals(CheckList.address(l.candidate()))) {
                return l.candidate();
            }
        }
        for (IceCandidate c : learntLocals) {
            if (c.componentId() == pair.componentId() && mapped.equals(CheckList.address(c))) {
                return c;
            }
        }
        String address = mapped.getAddress().getHostAddress();
        InetSocketAddress base = pair.local().base();
        IceCandidate learnt = IceCandidate.builder().foundation("prflx" + (++prflxCount))
                .componentId(pair.componentId()).priority(priority).address(address).port(mapped.getPort())
                .type(CandidateType.PRFLX).related(base.getAddress().getHostAddress(), base.getPort()).build();
        learntLocals.add(learnt);
        return learnt;
    }

    /**
     * RFC 8445 §7.3.1.3: the remote candidate at {@code from}, or a new peer-reflexive one with the
     * check's PRIORITY and a foundation no other remote candidate has (recorded by the caller once
     * it has a pair).
     */
    IceCandidate remoteAt(IceCandidate local, InetSocketAddress from, long priority) {
        int componentId = local.componentId();
        for (IceCandidate c : remoteCandidates) {
            InetSocketAddress a = CheckList.address(c);
            if (c.componentId() == componentId && from.equals(a) && c.isTcp() == local.isTcp()) {
                return c;
            }
        }
        IceCandidate.Builder prflx = IceCandidate.builder().foundation("rprflx" + (++prflxCount))
                .componentId(componentId).priority(priority).address(from.getAddress().getHostAddress())
                .port(from.getPort()).type(CandidateType.PRFLX);
        String tcpType = TcpPairing.peerReflexiveTcpType(local);
        if (tcpType != null) {
            // RFC 6544 §7.2: a check on a TCP connection teaches a TCP candidate of the peer.
            prflx.transport("TCP").tcpType(tcpType);
        }
        return prflx.build();
    }

    /** A check request for the pair in the current role (RFC 8445 §7.2.2). */
    Request checkRequest(CandidatePair pair, boolean useCandidate) {
        return Checks.request(remote.credentials().ufrag() + ":" + settings.local().ufrag(),
                Checks.peerReflexivePriority(pair.local().candidate()), role, settings.tieBreaker(), useCandidate);
    }
}

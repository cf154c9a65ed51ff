package org.sipice.ice.internal.nomination;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CheckList;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.stack.StunStack;
import org.sipice.ice.IceEvent;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.ice.internal.stats.PairCounters;

/**
 * An ice4j {@link Agent} that nominates through a {@link Nomination} strategy and keeps the
 * highest-priority nominated pair selected. Everything goes through ice4j's protected hooks
 * (reference/ice4j.md §4.2 approach A): the pair factory, {@link #validatePair},
 * {@link #nominationConfirmed} and {@link #setControlling}; no reflection.
 */
public final class NominatingAgent extends Agent {
    /**
     * RFC 8445 §6.1.2.5: an agent limits the pairs in a check list, against a peer that signals
     * many candidates to make it send checks (§19.5.1); 100, the limit the RFC suggests.
     */
    public static final int MAX_PAIRS = 100;
    private final HighestNominatedSelection selection = new HighestNominatedSelection();
    private final Object roleLock = new Object();
    private volatile NominationMode mode;
    private volatile Nomination nomination;
    private volatile AgentObserver observer = AgentObserver.NONE;
    private final AtomicBoolean peerChecked = new AtomicBoolean();
    private volatile org.sipice.sdp.IceCredentials credentials;
    private final PairCounters counters = new PairCounters();
    private StunStack stunStack; // no initialiser: see getStunStack()

    /**
     * A controlling agent (ice4j's default; call {@link #setControlling}) that will nominate in
     * {@code mode} until {@link #startNomination} settles the mode for the peer.
     */
    public NominatingAgent(NominationMode mode) {
        this.mode = Objects.requireNonNull(mode);
        this.nomination = Nomination.of(isControlling(), mode);
    }

    /**
     * Answers checks with {@code credentials} instead of ice4j's own ufrag and pwd (which are final
     * and random): a session for one fork of a forked INVITE must use the credentials our single
     * offer signalled (RFC 8839 §7, RFC 3261 §13.2.2.4). ice4j reads them only through the two
     * getters below. Set before gathering.
     */
    public void useCredentials(org.sipice.sdp.IceCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials);
    }

    @Override
    public String getLocalUfrag() {
        org.sipice.sdp.IceCredentials c = credentials;
        return c == null ? super.getLocalUfrag() : c.ufrag();
    }

    @Override
    public String getLocalPassword() {
        org.sipice.sdp.IceCredentials c = credentials;
        return c == null ? super.getLocalPassword() : c.pwd();
    }

    /**
     * This agent's STUN stack: ice4j's, with ICE's short-term credential rules in front of it
     * ({@link AuthenticatingStunStack}). ice4j's constructor asks for it before this class's
     * fields are initialised, hence the lazy field without an initialiser.
     */
    @Override
    public synchronized StunStack getStunStack() {
        if (stunStack == null) {
            stunStack = new AuthenticatingStunStack(this);
        }
        return stunStack;
    }

    /**
     * ice4j's check lists, then sipice's limit on their length: at most {@link #MAX_PAIRS} pairs,
     * the highest-priority ones (ice4j keeps one more than its configured 100).
     */
    @Override
    protected void initCheckLists() {
        super.initCheckLists();
        for (IceMediaStream stream : getStreams()) {
            CheckList checkList = stream.getCheckList();
            synchronized (checkList) {
                // ice4j ordered the list by priority, highest first (RFC 8445 §6.1.2.3).
                while (checkList.size() > MAX_PAIRS) {
                    checkList.remove(checkList.size() - 1);
                }
            }
        }
    }

    /** Where role switches and re-selections are reported; set before checks can arrive. */
    public void observe(AgentObserver observer) {
        this.observer = Objects.requireNonNull(observer);
    }

    /**
     * Settles the nomination mode for this peer when checks start (RFC 5245 §8.1.1: aggressive
     * only toward a full agent whose ice-options we understand).
     *
     * @return the events that tell which mode is in use and, if so, why aggressive was dropped
     */
    public List<IceEvent> startNomination(NominationMode configured, RemoteIce remote) {
        NominationChoice choice = NominationChoice.choose(configured, remote);
        this.mode = choice.mode();
        this.nomination = Nomination.of(isControlling(), mode);
        return choice.events();
    }

    /** Checks, round trips and media per pair: what ice4j does not count (diagnostics). */
    public PairCounters counters() {
        return counters;
    }

    /** ice4j's nominated flag, not the aggressive "every check nominates" view of {@code isNominated()}. */
    public static boolean nominationRecorded(CandidatePair pair) {
        return pair instanceof NominatingPair ? ((NominatingPair) pair).nominationRecorded() : pair.isNominated();
    }

    /** The strategy of the current role. */
    Nomination nomination() {
        return nomination;
    }

    @Override
    protected CandidatePair createCandidatePair(LocalCandidate local, RemoteCandidate remote) {
        NominatingPair pair = new NominatingPair(local, remote, this);
        counters.pairCreated(pair);
        return pair;
    }

    /**
     * RFC 8445 §7.3.1.1: a role conflict swaps the strategy with the role. ice4j may resolve the
     * same conflict on two threads at once (a 487 and an incoming request): one report per change.
     */
    @Override
    public void setControlling(boolean controlling) {
        synchronized (roleLock) {
            boolean changed = controlling != isControlling();
            super.setControlling(controlling);
            nomination = Nomination.of(controlling, mode);
            if (changed) {
                observer.roleChanged(controlling);
            }
        }
    }

    /**
     * A check succeeded and produced {@code validPair}. If that check nominated it (aggressive
     * controlling, or controlled after a USE-CANDIDATE request) the pair joins the nominated set
     * even when ice4j, having selected a pair already, does not confirm it.
     */
    @Override
    protected void validatePair(CandidatePair validPair) {
        super.validatePair(validPair);
        if (!nomination.nominatedOnValidation(validPair)) {
            return;
        }
        selection.nominated(validPair);
        if (validPair.getParentComponent().getSelectedPair() != null) {
            // ice4j confirms nominations only while nothing is selected: record this one ourselves,
            // so that it is reported (PAIR_NOMINATED) like any other.
            recordNomination(validPair);
        }
        review(validPair);
    }

    /** ice4j confirmed a nomination (and selected the pair if it was the component's first). */
    @Override
    protected void nominationConfirmed(CandidatePair nominatedPair) {
        Component component = nominatedPair.getParentComponent();
        boolean first = component.getSelectedPair() == null && nomination.useCandidateOnEveryCheck();
        List<CandidatePair> inFlight = first ? HighestNominatedSelection.inFlight(component) : List.of();
        super.nominationConfirmed(nominatedPair);
        selection.nominated(nominatedPair);
        if (first) {
            selection.resumeChecksAbove(component, inFlight);
        }
        review(nominatedPair);
    }

    private void review(CandidatePair trigger) {
        Optional<HighestNominatedSelection.Change> change =
                selection.review(trigger.getParentComponent(), nomination);
        if (change.isEmpty()) {
            return;
        }
        CandidatePair selected = change.get().selected();
        recordNomination(selected);
        observer.selectedPairChanged(change.get().component(), change.get().previous(), selected);
    }

    /**
     * A Binding request from the peer that names our ufrag, authenticated: {@link
     * AuthenticatingStunStack} and ice4j's stack have verified its MESSAGE-INTEGRITY. The first
     * one tells the session the peer has our answer
     * (RFC 8839 §7.1.1).
     */
    @Override
    protected boolean incomingCheckReceived(TransportAddress remoteAddress, TransportAddress localAddress,
            long priority, String remoteUFrag, String localUFrag, boolean useCandidate) {
        boolean respond = SelectedFiveTuple.matches(findLocalCandidate(localAddress), localAddress, remoteAddress)
                // RFC 7675 §5.1, RFC 8445 §7.3: a check on the component's own selected pair is
                // answered, and changes nothing. ice4j, once terminated, answers only on the RTP
                // component's selected pair, so RTCP's consent (rtcp-mux off) used to expire.
                || super.incomingCheckReceived(remoteAddress, localAddress, priority, remoteUFrag, localUFrag,
                        useCandidate);
        counters.checkReceived(localAddress, remoteAddress, respond);
        if (respond && peerChecked.compareAndSet(false, true)) {
            observer.peerCheckReceived();
        }
        return respond;
    }

    private static void recordNomination(CandidatePair pair) {
        if (pair instanceof NominatingPair && !((NominatingPair) pair).nominationRecorded()) {
            pair.nominate();
        }
    }
}

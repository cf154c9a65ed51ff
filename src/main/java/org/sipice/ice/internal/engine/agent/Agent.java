package org.sipice.ice.internal.engine.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.ice4j.message.Message;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.IceCandidate;

/**
 * The RFC 8445 agent of one generation (docs/ENGINE.md, "Agent"): our candidates, the peer's,
 * the check list, checks paced at Ta, nomination, the selected pairs and consent on them.
 *
 * <p>Not thread-safe: every method runs on the session's thread (its {@link Scheduler}), except
 * {@link #selectedPair} which may be read from anywhere. Events go to the consumer given, in
 * order, on that thread.
 */
public final class Agent {
    private final AgentContext agent;
    private final IncomingChecks incoming;
    private final LocalNetworks networks;

    public Agent(Scheduler scheduler, StunTransactions transactions, AgentSettings settings,
            Consumer<IceEvent> events) {
        this(scheduler, transactions, settings, AcceptanceWaits.DEFAULT, LocalNetworks.SYSTEM, events);
    }

    /** With other acceptance waits for regular nomination, knowing nothing of the local networks (tests). */
    Agent(Scheduler scheduler, StunTransactions transactions, AgentSettings settings, AcceptanceWaits waits,
            Consumer<IceEvent> events) {
        this(scheduler, transactions, settings, waits, CheckList.NOTHING_KNOWN, events);
    }

    /** With other acceptance waits and the subnets of made-up addresses (tests). */
    Agent(Scheduler scheduler, StunTransactions transactions, AgentSettings settings, AcceptanceWaits waits,
            LocalNetworks networks, Consumer<IceEvent> events) {
        this.agent = new AgentContext(Objects.requireNonNull(scheduler), Objects.requireNonNull(transactions),
                Objects.requireNonNull(settings), waits, Objects.requireNonNull(events));
        this.networks = Objects.requireNonNull(networks);
        this.incoming = new IncomingChecks(agent);
    }

    /** One of our candidates (host, server-reflexive, relayed); before {@link #start}. */
    public void addLocal(LocalCandidate candidate) {
        if (agent.phase != AgentContext.Phase.NEW) {
            throw new IllegalStateException("candidates are added before start (no trickle): " + candidate);
        }
        agent.locals.add(Objects.requireNonNull(candidate));
    }

    /**
     * The peer's candidates and credentials are known: forms the check list (RFC 8445 §6.1.2) and
     * starts the checks (§6.1.4). Checks that arrived earlier become triggered checks.
     */
    public void start(RemoteIce remote) {
        if (agent.phase != AgentContext.Phase.NEW) {
            throw new IllegalStateException("the agent was already started");
        }
        agent.remote = Objects.requireNonNull(remote);
        agent.remoteKey = StunCodec.shortTermKey(remote.credentials().pwd());
        NominationChoice choice = NominationChoice.choose(agent.settings.nomination(), remote);
        agent.controllingMode = choice.mode();
        if (remote.iceLite() && agent.role == IceRole.CONTROLLED) {
            // RFC 8445 §6.1.1: toward an ICE-lite peer the full agent is controlling.
            agent.switchRole(IceRole.CONTROLLING);
        }
        agent.remoteCandidates.addAll(remote.candidates());
        agent.checkList = CheckList.form(agent.locals, remote.candidates(), agent.role, agent.settings.relayOnly(),
                networks, agent.settings.udpBlocked());
        agent.nominator = agent.newNominator();
        // RFC 8839 §4.3.2: the larger of our Ta and the peer's a=ice-pacing.
        Duration ta = agent.settings.ta();
        if (remote.icePacing().isPresent() && remote.icePacing().getAsInt() > ta.toMillis()) {
            ta = Duration.ofMillis(remote.icePacing().getAsInt());
        }
        agent.ta = ta;
        agent.pacer = new CheckPacer(agent, new OutgoingChecks(agent), ta);
        agent.phase = AgentContext.Phase.RUNNING;
        agent.startNanos = agent.scheduler.nanoTime();
        agent.emit(new IceEvent.ChecksStarted(agent.role, agent.checkList.pairs().size()));
        choice.events().forEach(agent::emit);
        agent.checksTimeout = agent.scheduler.schedule(agent.settings.checksTimeout(), this::checksTimedOut);
        incoming.start();
        agent.pacer.start();
    }

    private void checksTimedOut() {
        if (agent.phase == AgentContext.Phase.RUNNING) {
            long valid = agent.checkList.pairs().stream().filter(CandidatePair::isValid).count();
            agent.fail("ICE checks timed out after " + agent.settings.checksTimeout().toMillis() + " ms: "
                    + agent.selectedPairs().size() + " of " + agent.componentsInStream().size()
                    + " components selected, " + valid + " valid of " + agent.checkList.pairs().size() + " pairs");
        }
    }

    /** A STUN request or indication from the peer on one of our ports (RFC 8445 §7.3); never throws. */
    public void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
        incoming.onRequest(port, request, raw, from);
    }

    /** A media datagram arrived on {@code port} from {@code from}. */
    public void onMedia(DatagramPort port, InetSocketAddress from, int length) {
        CandidatePair pair = agent.pairOf(port, from);
        if (pair != null) {
            pair.statistics().packetReceived(length);
            pair.statistics().lastPacketReceivedNanos(agent.scheduler.nanoTime());
        }
    }

    /**
     * True if a pair of the check list has this 5-tuple: what arrives on it is this agent's (RFC
     * 8839 §7.3: media on the 5-tuple of a fork's checks belongs to that fork).
     */
    public boolean carries(DatagramPort port, InetSocketAddress from) {
        return agent.phase != AgentContext.Phase.NEW && agent.phase != AgentContext.Phase.CLOSED
                && agent.pairOf(port, from) != null;
    }

    /** True if {@code from} on {@code port} is the remote end of a selected pair. */
    public boolean selects(DatagramPort port, InetSocketAddress from) {
        return agent.phase != AgentContext.Phase.CLOSED && agent.selectedAt(port, from) != null;
    }

    /**
     * Sends media on the selected pair of the component: from its local port to its remote
     * address (RFC 8445 §12.1).
     *
     * @throws IOException when the component has no selected pair, or consent on it was lost
     */
    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        CandidatePair pair = agent.selected(componentId);
        if (pair == null) {
            throw new IOException("no selected pair for component " + componentId + " (ICE is not completed)");
        }
        if (agent.consent.consentLost(pair)) {
            throw new IOException("consent lost on " + pair.info() + " (RFC 7675 §5.1): not sending");
        }
        pair.port().send(data, offset, length, pair.remoteAddress());
        agent.consent.mediaSent(pair);
        pair.statistics().packetSent(length);
        pair.statistics().lastPacketSentNanos(agent.scheduler.nanoTime());
    }

    /** The selected pair of a component (RFC 8445 §8.1.1), once it has one. */
    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        CandidatePair pair = agent.selected(componentId);
        return pair == null ? Optional.empty() : Optional.of(pair.info());
    }

    public IceRole role() {
        return agent.role;
    }

    /** The role, before {@link #start} (a pooled session handed to a call with the other role). */
    public void setRole(IceRole role) {
        if (agent.phase != AgentContext.Phase.NEW) {
            throw new IllegalStateException("the role is set before start; afterwards only role conflicts change it");
        }
        agent.role = Objects.requireNonNull(role);
    }

    /** Candidates and pairs now, for {@code IceStats}. */
    public AgentSnapshot stats() {
        List<IceCandidate> locals = new ArrayList<>();
        agent.locals.forEach(l -> locals.add(l.candidate()));
        locals.addAll(agent.learntLocals);
        List<CandidatePair> pairs = new ArrayList<>(agent.checkList.pairs());
        pairs.sort(Comparator.comparingInt(CandidatePair::componentId)
                .thenComparing(Comparator.comparingLong(CandidatePair::priority).reversed()));
        List<AgentSnapshot.Pair> out = new ArrayList<>(pairs.size());
        for (CandidatePair p : pairs) {
            PairStatistics s = p.statistics();
            // A valid pair reports the local candidate its success response mapped (RFC 8445
            // §7.2.5.3.2: server- or peer-reflexive behind a NAT), as its events do, not its base.
            out.add(new AgentSnapshot.Pair(p.componentId(), p.info().local(), p.remote(), p.state().statsName(),
                    p.priority(), p.isNominated(), agent.isSelected(p), s.requestsSent(), s.requestsReceived(),
                    s.responsesSent(), s.responsesReceived(), s.consentRequestsSent(), s.currentRoundTripTime(),
                    s.totalRoundTripTime(), s.packetsSent(), s.packetsReceived(), s.bytesSent(), s.bytesReceived()));
        }
        return new AgentSnapshot(agent.role, locals, agent.remoteCandidates, out);
    }

    /** Cancels every timer and check of the agent and stops consent; the ports stay open. Idempotent. */
    public void close() {
        if (agent.phase == AgentContext.Phase.CLOSED) {
            return;
        }
        agent.phase = AgentContext.Phase.CLOSED;
        try {
            agent.cancelChecksTimeout();
            agent.stopChecks();
            agent.stopConsent();
        } catch (RuntimeException e) {
            // close never throws: what could not be cancelled belongs to a scheduler shutting down
        }
    }
}

package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;
import org.ice4j.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * The peer's checks (RFC 8445 §7.3): authenticated first (RFC 8489 §9.1.3), then role conflicts,
 * the success response, peer-reflexive candidates, triggered checks and USE-CANDIDATE. Nothing
 * that fails authentication or validation changes the agent; nothing here ever throws.
 */
final class IncomingChecks {
    private static final Logger LOG = LogManager.getLogger(IncomingChecks.class);

    /**
     * A check that arrived before the peer's candidates were known, replayed by {@link #start()}.
     * {@code sender} is the sender's ufrag, the part of USERNAME after the colon (RFC 8445 §7.2.2).
     */
    private record Early(LocalCandidate local, InetSocketAddress from, long priority, boolean useCandidate,
            String sender) {
    }

    /** Early checks kept at most: one per peer candidate of a generous offer (RFC 8445 §6.1.2.5). */
    private static final int MAX_EARLY = 100;

    private final AgentContext agent;
    private final List<Early> early = new ArrayList<>();
    private boolean peerCheckSeen;

    IncomingChecks(AgentContext agent) {
        this.agent = agent;
    }

    /** One STUN request or indication from the peer on one of our ports. */
    void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
        try {
            handle(port, request, raw, from);
        } catch (RuntimeException e) {
            // Validation above should leave nothing to throw; a datagram never stops a session.
            LOG.warn("ICE check from {} on {} dropped: {}", from, port, e.toString(), e);
        }
    }

    private void handle(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
        if (agent.phase == AgentContext.Phase.CLOSED || request.getMessageType() != Message.BINDING_REQUEST) {
            return; // RFC 8445 §11: a Binding indication is a keepalive; nothing to answer
        }
        LocalCandidate local = agent.baseOf(port);
        if (local == null || from == null || from.getAddress() == null) {
            return;
        }
        String username = Checks.username(request);
        if (username == null || !request.containsAttribute(Attribute.MESSAGE_INTEGRITY)) {
            // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY: 400, without integrity.
            reply(port, from, Checks.error(request, Checks.BAD_REQUEST,
                    "USERNAME and MESSAGE-INTEGRITY are required (RFC 8445 §7.3)"), null);
            return;
        }
        if (!username.startsWith(agent.settings.local().ufrag() + ":")
                || !StunCodec.integrityValid(request, raw, agent.localKey)) {
            // RFC 8489 §9.1.3: an unknown username or a wrong MESSAGE-INTEGRITY: 401.
            reply(port, from, Checks.error(request, Checks.UNAUTHORIZED, "Unauthorized"), null);
            return;
        }
        char[] unknown = Checks.unknownComprehensionRequired(request);
        if (unknown.length > 0) {
            // RFC 8489 §6.3.1: once authenticated, a request with an attribute the agent must
            // understand and does not is answered 420 with UNKNOWN-ATTRIBUTES (signed, §9.1.3).
            reply(port, from, Checks.unknownAttributes(request, unknown), agent.localKey);
            return;
        }
        long priority = Checks.priority(request);
        if (priority < 1 || priority > IceCandidate.MAX_PRIORITY) {
            // RFC 8445 §7.1.1, §5.1.2.1: PRIORITY is required, between 1 and 2^31-1.
            reply(port, from, Checks.error(request, Checks.BAD_REQUEST,
                    "PRIORITY missing or outside 1..2^31-1 (RFC 8445 §5.1.2.1)"), null);
            return;
        }
        if (!peerCheckSeen) {
            peerCheckSeen = true;
            agent.emit(new IceEvent.PeerCheckReceived());
        }
        if (agent.settings.relayOnly() && local.candidate().type() != CandidateType.RELAY) {
            return; // relay-only: a host port never answers (it would reveal the address)
        }
        CandidatePair pair = agent.phase == AgentContext.Phase.NEW ? null : agent.checkList.find(local, from);
        boolean completed = agent.phase == AgentContext.Phase.COMPLETED;
        if (completed && pair == null) {
            // After completion a new address is not learnt (RFC 8445 §8.3: only an ICE restart,
            // §9, brings new candidates); the check is dropped unanswered.
            return;
        }
        boolean onSelected = pair != null && agent.isSelected(pair);
        boolean mayChangeRole = agent.phase != AgentContext.Phase.FAILED && (!completed || onSelected);
        if (roleConflictLost(port, from, request, mayChangeRole)) {
            return;
        }
        // RFC 8445 §7.3.1.2: success, XOR-MAPPED-ADDRESS = the source, from the port it arrived on.
        reply(port, from, Checks.success(request, from), agent.localKey);
        boolean useCandidate = Checks.useCandidate(request);
        if (agent.phase == AgentContext.Phase.NEW) {
            if (early.size() < MAX_EARLY) {
                early.add(new Early(local, from, priority, useCandidate,
                        username.substring(username.indexOf(':') + 1)));
            }
            return;
        }
        if (agent.phase == AgentContext.Phase.FAILED) {
            return;
        }
        count(learnAndTrigger(local, from, priority, useCandidate, pair));
    }

    /** The peer's check on the pair was authenticated and answered (the pair's counters). */
    private static void count(CandidatePair pair) {
        if (pair != null) {
            pair.statistics().checkReceived();
            pair.statistics().checkAnswered();
        }
    }

    /**
     * The peer's candidates are known: the checks that came before them are replayed, those of
     * this peer only. A forked offer (RFC 8839 §7.3) is answered by several peers checking with our
     * one ufrag; USERNAME "ours:theirs" (RFC 8445 §7.2.2) tells them apart, and a check from another
     * fork was answered (it knew our pwd) but is not this check list's to learn from.
     */
    void start() {
        String peer = agent.remote.credentials().ufrag();
        for (Early e : early) {
            if (!peer.equals(e.sender())) {
                continue;
            }
            count(learnAndTrigger(e.local(), e.from(), e.priority(), e.useCandidate(),
                    agent.checkList.find(e.local(), e.from())));
        }
        early.clear();
    }

    /**
     * RFC 8445 §7.3.1.1: a check claiming our role. The larger tie-breaker keeps it: ours wins →
     * 487 and true; theirs wins → we switch (only if {@code mayChange}) and the check goes on.
     */
    private boolean roleConflictLost(DatagramPort port, InetSocketAddress from, Message request, boolean mayChange) {
        IceRole claimed = Checks.claimedRole(request);
        if (claimed != agent.role) {
            return false; // no conflict (or neither attribute: RFC 5245 §7.2.1.1, proceed)
        }
        boolean oursLarger = Long.compareUnsigned(agent.settings.tieBreaker(), Checks.tieBreaker(request)) >= 0;
        if (agent.role == IceRole.CONTROLLING) {
            if (oursLarger) {
                reply(port, from, Checks.error(request, Checks.ROLE_CONFLICT, "Role Conflict"), agent.localKey);
                return true;
            }
            if (mayChange) {
                agent.switchRole(IceRole.CONTROLLED);
            }
            return false;
        }
        if (oursLarger) {
            if (mayChange) {
                agent.switchRole(IceRole.CONTROLLING);
            }
            return false;
        }
        reply(port, from, Checks.error(request, Checks.ROLE_CONFLICT, "Role Conflict"), agent.localKey);
        return true;
    }

    /** RFC 8445 §7.3.1.3 (peer-reflexive), §7.3.1.4 (triggered check), §7.3.1.5 (USE-CANDIDATE). */
    private CandidatePair learnAndTrigger(LocalCandidate local, InetSocketAddress from, long priority, boolean useCandidate,
            CandidatePair known) {
        CandidatePair pair = known;
        if (pair == null) {
            IceCandidate remote = agent.remoteAt(local.candidate(), from, priority);
            if (!CheckList.pairable(local, remote, from)) {
                return null;
            }
            pair = agent.checkList.add(new CandidatePair(local, remote, from, agent.role));
            if (!agent.checkList.pairs().contains(pair)) {
                return null; // the 100-pair list was full of pairs that matter more
            }
            if (!agent.remoteCandidates.contains(remote)) {
                agent.remoteCandidates.add(remote);
                // A peer-reflexive candidate is kept only while it has a pair: the 100-pair limit
                // bounds them too, whatever number of addresses the checks come from.
                agent.remoteCandidates.removeIf(c -> c.type() == CandidateType.PRFLX
                        && agent.checkList.pairs().stream().noneMatch(p -> p.remote() == c));
            }
        }
        CandidatePair selected = agent.selected(pair.componentId());
        // After selection only pairs above it are still worth a check (RFC 8445 §8.1.2), and
        // only while a later nomination can replace it (RFC 5245 §8.1.1.2).
        boolean running = (agent.phase == AgentContext.Phase.RUNNING && selected == null)
                || (agent.phase != AgentContext.Phase.FAILED && selected != null
                        && agent.nominator.keepsCheckingAboveSelected() && pair.priority() > selected.priority());
        // RFC 8445 §7.3.1.4: Succeeded: no check; otherwise a triggered check. In-Progress is
        // left to its transaction rather than cancelled and re-sent: checks usually cross (both
        // agents check the pair at once), and a re-sent check would then take a Ta slot for
        // nothing; a first check a NAT dropped is retransmitted 100 ms later anyway.
        if (running && pair.state() != PairState.SUCCEEDED && pair.state() != PairState.IN_PROGRESS) {
            agent.checkList.trigger(pair);
            agent.pacer.wake();
        }
        // RFC 8445 §7.3.1.5: USE-CANDIDATE at the controlled agent nominates a valid pair now, or
        // the pair once its check succeeds.
        if (useCandidate && agent.role == IceRole.CONTROLLED) {
            if (pair.state() == PairState.SUCCEEDED && pair.isValid()) {
                agent.nominated(pair);
            } else {
                pair.nominateOnSuccess(true);
            }
        }
        return pair;
    }

    private static void reply(DatagramPort port, InetSocketAddress to, Response response, byte[] key) {
        byte[] bytes = StunCodec.encode(response, key, true);
        port.send(bytes, 0, bytes.length, to);
    }
}

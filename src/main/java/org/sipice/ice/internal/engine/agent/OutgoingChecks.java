package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.stun.Retransmission;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/** Sending a connectivity check (RFC 8445 §7.2.4) and what its response means (§7.2.5). */
final class OutgoingChecks {
    private static final Logger LOG = LogManager.getLogger(OutgoingChecks.class);

    /**
     * RFC 8445 §14.3 leaves a check's RTO to the agent. 100 ms first (pjnath's PJ_STUN_RTO_VALUE,
     * libnice's first check timeout): a check is answered in one round trip, under 100 ms on most
     * paths, and a lost one then costs 100 ms of post-dial delay instead of 500 ms. Doubling from
     * there, 7 requests and a last wait of 16 RTO (RFC 8489 §6.2.1's Rc and Rm) give up a dead path
     * after 7.9 s while covering round trips of several seconds.
     */
    static final Retransmission CHECK_RETRANSMISSION = new Retransmission(Duration.ofMillis(100), 7, 16);

    /**
     * A check over an ICE-TCP connection (RFC 6544 §7.1): RFC 8489 §6.2.2, over a reliable
     * transport a request is not retransmitted; it is sent once and given up after the same 7.9 s
     * as over UDP (a connection that cannot be made fails it at once, {@code StunTransactions.unreachable}).
     */
    static final Retransmission CHECK_OVER_TCP = new Retransmission(CHECK_RETRANSMISSION.timeout(), 1, 1);

    private final AgentContext agent;

    OutgoingChecks(AgentContext agent) {
        this.agent = agent;
    }

    /** RFC 8445 §7.2.4: a check on the pair, which goes In-Progress. */
    void send(CandidatePair pair) {
        IceRole sentAs = agent.role;
        // RFC 8445 §8.1.1 (the nomination check) or RFC 5245 §8.1.1.2 (every check, aggressive).
        boolean useCandidate = sentAs == IceRole.CONTROLLING
                && (pair.useCandidate() || agent.nominator.nominatesEveryCheck());
        Request request = agent.checkRequest(pair, useCandidate);
        pair.cancelCheck();
        pair.state(PairState.IN_PROGRESS);
        pair.checkSent(agent.scheduler.nanoTime());
        pair.statistics().checkSent();
        pair.transaction(agent.transactions.send(request, agent.remoteKey, pair.port(), pair.remoteAddress(),
                pair.local().candidate().isTcp() ? CHECK_OVER_TCP : CHECK_RETRANSMISSION,
                new Outcome(pair, sentAs, useCandidate)));
    }

    /** What became of one check. */
    private final class Outcome implements StunTransactions.Outcome {
        private final CandidatePair pair;
        private final IceRole sentAs;
        private final boolean useCandidate;

        Outcome(CandidatePair pair, IceRole sentAs, boolean useCandidate) {
            this.pair = pair;
            this.sentAs = sentAs;
            this.useCandidate = useCandidate;
        }

        @Override
        public boolean onResponse(Response response, byte[] raw, InetSocketAddress from, Duration rtt) {
            // RFC 8445 §7.2.5, RFC 8489 §9.1.4: a response counts only if it verifies with the
            // peer's pwd; anything else is ignored and the transaction goes on.
            if (!StunCodec.integrityValid(response, raw, agent.remoteKey)) {
                return false;
            }
            pair.transaction(null);
            if (agent.phase == AgentContext.Phase.FAILED || agent.phase == AgentContext.Phase.CLOSED) {
                return true;
            }
            try {
                onAnswer(response, from);
            } catch (RuntimeException e) {
                // An authenticated answer the agent cannot use (say a mapped address no candidate
                // can hold) fails its pair; it never reaches the session's demultiplexer.
                LOG.warn("ICE check answer from {} dropped: {}", from, e.toString(), e);
                agent.pairFailed(pair);
            }
            return true;
        }

        private void onAnswer(Response response, InetSocketAddress from) {
            if (response.getMessageType() == Message.BINDING_ERROR_RESPONSE) {
                onError(response);
            } else if (!from.equals(pair.remoteAddress())) {
                // RFC 8445 §7.2.5.2.1: the source of the response must be where the check went
                // (the local side is checked by the session, StunTransactions.onResponse(port, ...)).
                agent.pairFailed(pair);
            } else {
                // The round trip from when the check first left (IceCandidatePairStats).
                pair.roundTrip(agent.scheduler.nanoTime() - pair.checkSentNanos());
                pair.statistics().checkSucceeded(Duration.ofNanos(pair.roundTripNanos()));
                onSuccess(response);
            }
        }

        /** RFC 8445 §7.2.5.1 (487) and §7.2.5.2.4 (any other error: the pair fails). */
        private void onError(Response response) {
            boolean afterCompletion = agent.phase == AgentContext.Phase.COMPLETED && !agent.isSelected(pair);
            if (Checks.errorCode(response) == Checks.ROLE_CONFLICT && !afterCompletion) {
                // The peer kept the role we claimed: take the other one, unless a previous 487
                // already made us switch, and check the pair again as a triggered check.
                if (agent.role == sentAs) {
                    agent.switchRole(sentAs == IceRole.CONTROLLING ? IceRole.CONTROLLED : IceRole.CONTROLLING);
                }
                agent.checkList.trigger(pair);
                agent.pacer.wake();
                return;
            }
            agent.pairFailed(pair);
        }

        /** RFC 8445 §7.2.5.3: the pair succeeds and is valid; perhaps nominated too. */
        private void onSuccess(Response response) {
            InetSocketAddress mapped = Checks.mappedAddress(response);
            if (mapped == null) {
                // RFC 8489 §14.2: a Binding success response carries XOR-MAPPED-ADDRESS.
                agent.pairFailed(pair);
                return;
            }
            // RFC 8445 §7.2.5.3.1: an unknown mapped address is a local peer-reflexive candidate,
            // with the priority the check carried in PRIORITY.
            pair.validLocal(agent.learnLocalPeerReflexive(pair, mapped,
                    Checks.peerReflexivePriority(pair.local().candidate())));
            agent.validated(pair);
            // RFC 8445 §7.2.5.3.4: the controlling agent's USE-CANDIDATE check nominates the pair;
            // §7.3.1.5: the controlled agent nominates a pair whose check succeeds after the
            // peer's USE-CANDIDATE arrived on it.
            boolean nominates = (useCandidate && sentAs == IceRole.CONTROLLING && agent.role == IceRole.CONTROLLING)
                    || (agent.role == IceRole.CONTROLLED && pair.nominateOnSuccess());
            agent.nominator.onValid(pair);
            if (nominates) {
                agent.nominated(pair);
            }
            agent.pacer.wake();
        }

        @Override
        public void onTimeout() {
            // RFC 8445 §7.2.5.2.1 / RFC 8489 §6.2.1: no response after the last retransmission.
            if (agent.phase != AgentContext.Phase.CLOSED) {
                agent.pairFailed(pair);
            }
        }
    }
}

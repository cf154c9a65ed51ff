package org.sipice.ice.internal;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ResponseCollector;
import org.ice4j.StunResponseEvent;
import org.ice4j.StunTimeoutEvent;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.stack.TransactionID;
import org.sipice.ice.internal.nomination.ShortTermIntegrity;

/**
 * One consent freshness check on one selected pair (RFC 7675 §5.1): a Binding request with the
 * ICE credentials of the pair's generation, sent once, and the verdict on its response.
 *
 * <p>Only an <em>authenticated</em> success response from the pair's remote address renews
 * consent: its MESSAGE-INTEGRITY must verify with the peer's password (RFC 7675 §5.1, RFC 8489
 * §9.1.3). ice4j checks integrity on requests only and would accept any success response
 * (reference/ice4j.md §8), so the check is done here.
 */
final class ConsentCheck implements ResponseCollector {
    private static final Logger LOG = LogManager.getLogger(ConsentCheck.class);

    /** What a check reports: an authenticated success response arrived for {@code componentId}. */
    @FunctionalInterface
    interface Renewal {
        void consentRenewed(int componentId);
    }

    private final Agent agent;
    private final String streamName;
    private final int componentId;
    private final CandidatePair pair;
    private final Renewal renewal;
    private final long sentNanos = System.nanoTime();
    /** The role the request claimed (RFC 8445 §7.1.3): what a 487 answers. */
    private final boolean controlling;

    private ConsentCheck(Agent agent, String streamName, int componentId, CandidatePair pair, Renewal renewal) {
        this.agent = agent;
        this.streamName = streamName;
        this.componentId = componentId;
        this.pair = pair;
        this.renewal = renewal;
        this.controlling = agent.isControlling();
    }

    /**
     * Sends one consent request on {@code pair}. RFC 7675 §5.1: requests are not
     * retransmitted; a response is accepted until {@code waitMillis} (the next check) passes.
     *
     * @return false if the request could not be sent (socket gone, agent freed)
     */
    static boolean send(Agent agent, String streamName, int componentId, CandidatePair pair, int waitMillis,
            Renewal renewal) {
        ConsentCheck check = new ConsentCheck(agent, streamName, componentId, pair, renewal);
        try {
            Request request = check.request();
            if (request == null) {
                return false;
            }
            agent.getStunStack().sendRequest(request, pair.getRemoteCandidate().getTransportAddress(),
                    pair.getLocalCandidate().getBase().getTransportAddress(), check,
                    TransactionID.createNewTransactionID(), waitMillis, waitMillis, 0);
            IceStatsCollector.counters(agent).consentSent(pair.getLocalCandidate().getTransportAddress(),
                    pair.getRemoteCandidate().getTransportAddress());
            return true;
        } catch (Exception e) {
            LOG.debug("consent check on {} not sent: {}", pair.toShortString(), e.toString());
            return false;
        }
    }

    /** RFC 8445 §7.1.1 attributes (PRIORITY, role, USERNAME, MESSAGE-INTEGRITY); no USE-CANDIDATE. */
    private Request request() {
        String username = agent.generateLocalUserName(streamName);
        if (username == null) {
            return null;
        }
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createPriorityAttribute(
                pair.getLocalCandidate().computePriorityForType(CandidateType.PEER_REFLEXIVE_CANDIDATE)));
        request.putAttribute(controlling
                ? AttributeFactory.createIceControllingAttribute(agent.getTieBreaker())
                : AttributeFactory.createIceControlledAttribute(agent.getTieBreaker()));
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        MessageIntegrityAttribute integrity = AttributeFactory.createMessageIntegrityAttribute(username);
        // ice4j signs with the peer's password, looked up by stream name.
        integrity.setMedia(streamName);
        request.putAttribute(integrity);
        return request;
    }

    @Override
    public void processResponse(StunResponseEvent event) {
        Response response = event.getResponse();
        TransportAddress expectedFrom = pair.getRemoteCandidate().getTransportAddress();
        if (!response.isSuccessResponse()) {
            roleConflict(response, event);
            LOG.debug("consent check on {}: error response {}", pair.toShortString(), response);
            return;
        }
        // RFC 8445 §7.2.5.2.1: the response must come back on the same 5-tuple.
        if (!expectedFrom.equals(event.getRemoteAddress())) {
            LOG.debug("consent check on {}: response from {} ignored", pair.toShortString(),
                    event.getRemoteAddress());
            return;
        }
        String pwd = agent.getStream(streamName) == null ? null
                : agent.getStream(streamName).getRemotePassword();
        if (pwd == null || !ShortTermIntegrity.verifies(response, event.getRawMessage(), pwd)) {
            LOG.info("consent check on {}: unauthenticated success response ignored (RFC 7675 §5.1)",
                    pair.toShortString());
            return;
        }
        IceStatsCollector.counters(agent).consentAnswered(pair.getLocalCandidate().getTransportAddress(),
                expectedFrom, System.nanoTime() - sentNanos);
        renewal.consentRenewed(componentId);
    }

    /**
     * RFC 8445 §7.2.5.1: an authenticated 487 (Role Conflict) to a check means the peer kept its
     * role: take the other one. The selected pair stays; the next consent check carries the new
     * role. (An unauthenticated response never gets here: the agent's stack drops it.)
     */
    private void roleConflict(Response response, StunResponseEvent event) {
        Attribute error = response.getAttribute(Attribute.ERROR_CODE);
        if (!(error instanceof ErrorCodeAttribute)
                || ((ErrorCodeAttribute) error).getErrorCode() != ErrorCodeAttribute.ROLE_CONFLICT
                || !pair.getRemoteCandidate().getTransportAddress().equals(event.getRemoteAddress())) {
            return;
        }
        String pwd = agent.getStream(streamName) == null ? null : agent.getStream(streamName).getRemotePassword();
        if (pwd != null && ShortTermIntegrity.verifies(response, event.getRawMessage(), pwd)
                && agent.isControlling() == controlling) {
            LOG.info("consent check on {}: 487 Role Conflict, switching to {} (RFC 8445 §7.2.5.1)",
                    pair.toShortString(), controlling ? "controlled" : "controlling");
            agent.setControlling(!controlling);
        }
    }

    @Override
    public void processTimeout(StunTimeoutEvent event) {
        // A lost check is not an error by itself: only consentTimeout without any success is.
        LOG.trace("consent check on {} unanswered", pair.toShortString());
    }
}

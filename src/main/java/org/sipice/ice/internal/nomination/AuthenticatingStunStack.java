package org.sipice.ice.internal.nomination;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.StunMessageEvent;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.SipiceTransactions;
import org.ice4j.stack.StunStack;

/**
 * The STUN stack of one {@link NominatingAgent}, applying the short-term credential rules ice4j
 * leaves out before anything reaches ice4j's check server or check client. A check that fails
 * them never validates, nominates or selects a pair, never creates a peer-reflexive candidate,
 * never triggers a check and never switches the role.
 *
 * <ul>
 * <li>A Binding request without USERNAME or MESSAGE-INTEGRITY is answered 400 (RFC 8489
 * §9.1.3; RFC 8445 §7.3 requires the short-term mechanism). ice4j accepts it unless a
 * process-wide property is set, which would also bind the embedded STUN server. A wrong
 * MESSAGE-INTEGRITY or an unknown USERNAME is answered 401 by ice4j itself.</li>
 * <li>A PRIORITY outside 1..2^31-1 (RFC 8445 §5.1.2.1) is answered 400: it could only become a
 * peer-reflexive candidate nothing can describe.</li>
 * <li>After completion, a request that is not on its component's selected pair may not switch
 * the role: one claiming our role (§7.3.1.1) is dropped. Once ice4j has terminated (3 s after
 * completion, RFC 8445 §8.3: an agent may then stop answering other candidates) every such
 * request is dropped: no nomination, no peer-reflexive candidate. In between, the peer's late
 * nominating checks still reach ice4j, so that both ends settle on the highest-priority
 * nominated pair. The selected pair's own checks (consent, RFC 7675; a role conflict,
 * §7.3.1.1) always reach ice4j. A new pair after that takes an ICE restart (a new agent, §9).</li>
 * <li>A response to a connectivity check (a request that carried USERNAME and PRIORITY) is
 * dropped unless its MESSAGE-INTEGRITY verifies with the peer's password (RFC 8445 §7.2.5,
 * RFC 8489 §9.1.4: over UDP such a response is discarded; the transaction goes on). Responses
 * of STUN and TURN servers pass unchanged.</li>
 * </ul>
 */
final class AuthenticatingStunStack extends StunStack {
    private static final Logger LOG = LogManager.getLogger(AuthenticatingStunStack.class);
    /** RFC 8445 §5.1.2.1: a priority is a positive integer below 2^31. */
    private static final long MAX_PRIORITY = (1L << 31) - 1;

    private final NominatingAgent agent;

    AuthenticatingStunStack(NominatingAgent agent) {
        this.agent = agent;
    }

    @Override
    public void handleMessageEvent(StunMessageEvent event) {
        Message message = event.getMessage();
        if (message instanceof Request && message.getMessageType() == Message.BINDING_REQUEST) {
            if (!admitCheck(event, (Request) message)) {
                return;
            }
        } else if (message instanceof Response && !authenticResponse(event, (Response) message)) {
            return;
        }
        super.handleMessageEvent(event);
    }

    private boolean admitCheck(StunMessageEvent event, Request request) {
        if (!request.containsAttribute(Attribute.USERNAME)
                || !request.containsAttribute(Attribute.MESSAGE_INTEGRITY)) {
            refuse(event, "Missing USERNAME or MESSAGE-INTEGRITY (RFC 8489 §9.1.3)");
            return false;
        }
        Attribute priority = request.getAttribute(Attribute.PRIORITY);
        if (priority instanceof PriorityAttribute) {
            long value = ((PriorityAttribute) priority).getPriority();
            if (value < 1 || value > MAX_PRIORITY) {
                refuse(event, "PRIORITY outside 1..2^31-1 (RFC 8445 §5.1.2.1)");
                return false;
            }
        }
        IceProcessingState state = agent.getState();
        boolean completed = state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED;
        if (completed && !SelectedFiveTuple.matches(agent.findLocalCandidate(event.getLocalAddress()),
                event.getLocalAddress(), event.getRemoteAddress())
                && (state == IceProcessingState.TERMINATED || conflictsWithOurRole(request))) {
            LOG.debug("check from {} to {} dropped: not on the selected pair after completion (RFC 8445 §8.3)",
                    event.getRemoteAddress(), event.getLocalAddress());
            return false;
        }
        return true;
    }

    /** RFC 8445 §7.3.1.1: the request claims the role we have. */
    private boolean conflictsWithOurRole(Request request) {
        return agent.isControlling() ? request.containsAttribute(Attribute.ICE_CONTROLLING)
                : request.containsAttribute(Attribute.ICE_CONTROLLED);
    }

    private boolean authenticResponse(StunMessageEvent event, Response response) {
        Request request = SipiceTransactions.requestOf(this, response.getTransactionID());
        if (request == null || !request.containsAttribute(Attribute.PRIORITY)
                || !(request.getAttribute(Attribute.USERNAME) instanceof UsernameAttribute)) {
            return true; // not a connectivity check: a STUN or TURN server's response, or a stray one
        }
        String username = new String(((UsernameAttribute) request.getAttribute(Attribute.USERNAME)).getUsername(),
                java.nio.charset.StandardCharsets.UTF_8);
        String password = remotePassword(username.substring(0, Math.max(0, username.indexOf(':'))));
        if (ShortTermIntegrity.verifies(response, event.getRawMessage(), password)) {
            return true;
        }
        LOG.info("response from {} to a connectivity check dropped: MESSAGE-INTEGRITY missing or wrong"
                + " (RFC 8489 §9.1.4)", event.getRemoteAddress());
        return false;
    }

    /** The password of the stream whose peer uses {@code remoteUfrag}, or null. */
    private String remotePassword(String remoteUfrag) {
        for (IceMediaStream stream : agent.getStreams()) {
            if (remoteUfrag.equals(stream.getRemoteUfrag())) {
                return stream.getRemotePassword();
            }
        }
        return null;
    }

    /** A 400 outside ice4j's transactions: ice4j has not seen the request and never will. */
    private void refuse(StunMessageEvent event, String reason) {
        LOG.debug("check from {} refused: {}", event.getRemoteAddress(), reason);
        try {
            Response response = MessageFactory.createBindingErrorResponse(ErrorCodeAttribute.BAD_REQUEST, reason);
            response.setTransactionID(event.getMessage().getTransactionID());
            byte[] bytes = response.encode(this);
            sendUdpMessage(RawMessage.build(bytes, bytes.length, event.getRemoteAddress(), event.getLocalAddress()),
                    event.getRemoteAddress(), event.getLocalAddress());
        } catch (Exception e) {
            LOG.debug("400 to {} not sent: {}", event.getRemoteAddress(), e.toString());
        }
    }
}

package org.sipice.sip.internal;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The answer to a request that carries a live call's Call-ID but belongs to none of its dialogs
 * ({@link CallDialogs}): a final response with a Warning saying why, sent without touching the
 * call (its ICE session, selected pairs and media stay as they are). Runs on the JAIN-SIP thread
 * and never blocks.
 */
final class StrayRequest {
    private static final Logger LOG = LogManager.getLogger(StrayRequest.class);

    private StrayRequest() {
    }

    /**
     * Answers {@code event}'s INVITE with 400 and a Warning saying {@code why}, statelessly (RFC
     * 3261 §8.2.6): for a request the stack could not make a server transaction of.
     */
    static void badRequest(SipContext context, RequestEvent event, String why) {
        try {
            Response r = context.messages.createResponse(Response.BAD_REQUEST, event.getRequest());
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null) {
                to.setTag(SipContext.newTag()); // RFC 3261 §8.2.6.2
            }
            r.addHeader(context.warning(why)); // RFC 3261 §20.43
            context.provider.sendResponse(r);
        } catch (Exception e) {
            LOG.debug("cannot answer a bad {} with 400: {}", event.getRequest().getMethod(), e.toString());
        }
    }

    /**
     * Answers {@code event} with {@code status} and a Warning naming {@code why}, in a server
     * transaction where the stack gives one (retransmissions then get the same answer and the ACK
     * of a refused INVITE is absorbed), else statelessly.
     */
    static void refuse(SipContext context, RequestEvent event, int status, String why, CallBase call) {
        Request request = event.getRequest();
        // Debug only: a flood of forged requests must not become a flood of log lines.
        LOG.debug("{} for call {} via {} refused with {}: {}", request.getMethod(), call.id(),
                request.getHeader(javax.sip.header.ViaHeader.NAME), status, why);
        try {
            Response r = context.messages.createResponse(status, request);
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null) {
                to.setTag(SipContext.newTag()); // RFC 3261 §8.2.6.2: a final response to a request without To-tag adds one
            }
            r.addHeader(context.warning(why)); // RFC 3261 §20.43
            ServerTransaction st = event.getServerTransaction();
            if (st == null) {
                try {
                    st = context.provider.getNewServerTransaction(request);
                } catch (Exception e) {
                    st = null; // a retransmission the stack already holds, or an unmatched CANCEL
                }
            }
            if (st != null) {
                st.sendResponse(r);
            } else {
                context.provider.sendResponse(r);
            }
        } catch (Exception e) {
            LOG.debug("cannot refuse {} {}: {}", request.getMethod(), call.id(), e.toString());
        }
    }
}

package org.sipice.thirdparty.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The controller's {@link SipListener}: routes every event to its leg by Call-ID; never blocks. */
public final class ControllerDispatcher implements SipListener {
    private static final Logger LOG = LogManager.getLogger(ControllerDispatcher.class);

    private final ControllerSip sip;
    private final Map<String, Leg> legs = new ConcurrentHashMap<>();

    public ControllerDispatcher(ControllerSip sip) {
        this.sip = sip;
    }

    void register(Leg leg) {
        legs.put(leg.callId, leg);
    }

    void unregister(Leg leg) {
        legs.remove(leg.callId, leg);
    }

    /** Dialogs not yet ended. */
    public int liveLegs() {
        return legs.size();
    }

    private Leg legOf(Message m) {
        return legs.get(((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId());
    }

    @Override
    public void processRequest(RequestEvent event) {
        Leg leg = legOf(event.getRequest());
        if (leg != null) {
            leg.onRequest(event);
        } else if (!Request.ACK.equals(event.getRequest().getMethod())) {
            try {
                // RFC 3261 §12.2.2: a request for a dialog we do not have gets 481; a new INVITE
                // too, since the controller only makes calls.
                sip.provider.sendResponse(sip.messages.createResponse(
                        Request.INVITE.equals(event.getRequest().getMethod()) ? Response.NOT_IMPLEMENTED
                                : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, event.getRequest()));
            } catch (Exception e) {
                LOG.debug("cannot answer a stray {}: {}", event.getRequest().getMethod(), e.toString());
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Leg leg = legOf(event.getResponse());
        if (leg != null) {
            leg.onResponse(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        Message m = event.isServerTransaction() ? event.getServerTransaction().getRequest()
                : event.getClientTransaction().getRequest();
        Leg leg = legOf(m);
        if (leg != null) {
            leg.onTimeout(event);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.warn("SIP I/O error toward {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}

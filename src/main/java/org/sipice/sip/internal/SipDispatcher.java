package org.sipice.sip.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.sip.CallListener;

/**
 * The {@link SipListener} sipice installs on the provider. It routes every event of a call it
 * owns to that call: responses and timeouts by Call-ID, requests by Call-ID and dialog tags
 * ({@link CallDialogs}, RFC 3261 §12.2.2); a request with a live Call-ID that belongs to no
 * dialog of the call is refused here ({@link StrayRequest}) and never reaches it. Everything
 * else goes to the application's own listener.
 *
 * <p>Never blocks: the only synchronous work is creating the INVITE server transaction (so that
 * our 100 Trying, not JAIN-SIP's automatic bodyless one, answers it: {@link OwnTrying});
 * everything else is posted to the call's serial executor.
 */
public final class SipDispatcher implements SipListener {
    private static final Logger LOG = LogManager.getLogger(SipDispatcher.class);

    private final SipContext context;
    private final CallListener listener;
    private final SipListener application;
    private final Map<String, CallBase> calls = new ConcurrentHashMap<>();

    private SipDispatcher(SipContext context, CallListener listener, SipListener application) {
        this.context = context;
        this.listener = listener;
        this.application = application;
    }

    /**
     * Installs sipice as the provider's listener. JAIN-SIP allows one listener per provider, so
     * the application's own listener is passed in and receives everything sipice does not own.
     */
    public static SipDispatcher install(javax.sip.SipProvider provider, String user,
            org.sipice.sip.CallConfig config, CallListener listener, SipListener application) {
        Warmup.once(config); // the first call's answer must not wait for class loading (OwnTrying)
        SipDispatcher d = new SipDispatcher(new SipContext(provider, config, user), listener, application);
        try {
            provider.addSipListener(d);
        } catch (java.util.TooManyListenersException e) {
            throw new IllegalStateException("the provider already has a SipListener: remove it and pass it to "
                    + "IceUserAgent.create(...) so sipice can forward what it does not handle", e);
        }
        return d;
    }

    /** Starts an outgoing call to {@code target} (a SIP URI). */
    public org.sipice.sip.Call call(String target) {
        return call(target, true, listener);
    }

    /** Starts an outgoing call whose events go to {@code callListener} instead of the agent's. */
    public org.sipice.sip.Call call(String target, CallListener callListener) {
        return call(target, true, callListener);
    }

    /** Starts an outgoing call; {@code withOffer} false sends the INVITE without SDP. */
    public org.sipice.sip.Call call(String target, boolean withOffer) {
        return call(target, withOffer, listener);
    }

    /** Starts an outgoing call with its own listener; {@code withOffer} false sends the INVITE without SDP. */
    public org.sipice.sip.Call call(String target, boolean withOffer, CallListener callListener) {
        UacCall call = new UacCall(context, this, callListener, target, withOffer);
        register(call);
        call.start();
        return call;
    }

    /** New calls take their ICE sessions from {@code pool} (null: gather on demand). */
    public void useSessionPool(org.sipice.ice.IceSessionPool pool) {
        context.sessions.use(pool);
    }

    /** Ends every call without signalling and detaches from the provider. */
    public void close() {
        for (CallBase call : calls.values()) {
            call.abandon();
        }
        context.provider.removeSipListener(this);
    }

    /** The calls in progress. */
    public java.util.Collection<org.sipice.sip.Call> activeCalls() {
        return java.util.List.copyOf(calls.values());
    }

    void register(CallBase call) {
        calls.put(call.id(), call);
    }

    void unregister(CallBase call) {
        calls.remove(call.id(), call);
    }

    Map<String, CallBase> calls() {
        return calls;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        CallBase call = calls.get(callId);
        if (call != null) {
            // RFC 3261 §12.2.2: a dialog is the Call-ID and both tags, not the Call-ID alone.
            CallDialogs.Verdict verdict = call.dialogs().match(request);
            switch (verdict) {
                case OURS:
                    call.onRequest(event);
                    return;
                case NO_SUCH_DIALOG:
                    StrayRequest.refuse(context, event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                            "no dialog of call " + callId + " has these tags", call);
                    return;
                case MERGED:
                    StrayRequest.refuse(context, event, Response.LOOP_DETECTED,
                            "Call-ID " + callId + " belongs to a call in progress", call);
                    return;
                case DROP:
                    return;
                default:
                    break; // outside any dialog: the application's (or 481 below)
            }
        }
        if (call == null && Request.INVITE.equals(request.getMethod()) && request.getHeader("To") != null
                && CallDialogs.toTag(request) == null) {
            long arrived = context.timers.nanoTime(); // before the transaction exists: JAIN-SIP's 100 counts from it
            ServerTransaction st;
            try {
                st = event.getServerTransaction() != null ? event.getServerTransaction()
                        : context.provider.getNewServerTransaction(request);
            } catch (javax.sip.TransactionAlreadyExistsException e) {
                // A retransmission racing the first copy: the stack answers retransmissions itself.
                LOG.debug("no server transaction for INVITE {}: {}", callId, e.toString());
                return;
            } catch (Exception e) {
                // A request the RI cannot make a dialog of (no Contact: RFC 3261 §8.1.1.8, ...):
                // 400 with a Warning, statelessly, since there is no transaction (RFC 3261 §8.2.6).
                LOG.debug("no server transaction for INVITE {}: {}", callId, e.toString());
                StrayRequest.badRequest(context, event, request.getHeader(javax.sip.header.ContactHeader.NAME) == null
                        ? "missing Contact header (RFC 3261 section 8.1.1.8)" : "unusable INVITE");
                return;
            }
            UasCall uas = new UasCall(context, this, listener, request, st, arrived);
            register(uas);
            uas.start();
            return;
        }
        if (application != null) {
            application.processRequest(event);
        } else if (!Request.ACK.equals(request.getMethod())) {
            CallBase.respondStateless(context, event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        CallBase call = calls.get(callId);
        if (call != null) {
            call.dialogs().onResponse(event); // before the call's executor: its next request may follow at once
            call.onResponse(event);
        } else if (application != null) {
            application.processResponse(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        javax.sip.message.Message m = event.isServerTransaction()
                ? event.getServerTransaction().getRequest()
                : event.getClientTransaction().getRequest();
        String callId = ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
        CallBase call = calls.get(callId);
        if (call != null) {
            call.onTimeout(event);
        } else if (application != null) {
            application.processTimeout(event);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.warn("SIP I/O error toward {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
        if (application != null) {
            application.processIOException(event);
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (application != null) {
            application.processTransactionTerminated(event);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        if (application != null) {
            application.processDialogTerminated(event);
        }
    }
}

package org.sipice.sip.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Message;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceSession;
import org.sipice.ice.MediaTransport;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;

/**
 * What caller and callee calls share: the serial executor every piece of call work runs on, the
 * ICE session, event delivery and the end of the call.
 */
abstract class CallBase implements Call {
    private static final Logger LOG = LogManager.getLogger(CallBase.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final SipContext context;
    final SipDispatcher dispatcher;
    final CallListener listener;
    final SerialExecutor serial;
    final CompletableFuture<Void> iceReady = new CompletableFuture<>();
    final CompletableFuture<Void> established = new CompletableFuture<>();
    final CompletableFuture<CallEvent.Ended> ended = new CompletableFuture<>();
    volatile CallState state = CallState.SETTING_UP;
    /** Written only by {@link #apply}, like the three fields below. */
    volatile IceSession ice;
    /** Media toward a peer without ICE (plain RFC 3264), instead of {@link #ice}'s. */
    volatile PlainRtpTransport plainMedia;
    /** Our current ICE description and the peer's, as last exchanged (RFC 8839 §4.4). */
    volatile org.sipice.ice.LocalIce localIce;
    volatile org.sipice.ice.RemoteIce remoteIce;
    /** Why we sent a BYE that ends the call as a failure, or null. */
    private String byeFailure;
    /** In-dialog offers, either direction. */
    final MidCallOffer midCall = new MidCallOffer(this);
    /** Our o= line: one session id, a new version per offer/answer (RFC 3264 §8). */
    final SdpOrigin origin = new SdpOrigin();
    /** RFC 3264 fallback when an answer carries no ICE (RFC 8839 §4.4.3.1, §4.2.5). */
    final IceFallback fallback = new IceFallback(this);
    private final String callId;
    /** Every event of the call, stamped, for {@link #report()}. */
    final CallTimeline timeline;

    CallBase(SipContext context, SipDispatcher dispatcher, CallListener listener, String callId) {
        this.context = context;
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.callId = callId;
        this.timeline = new CallTimeline(context.timers.nanoTime());
        this.serial = new SerialExecutor(Executors.workers(), "call" + SEQUENCE.incrementAndGet());
    }

    @Override
    public String id() {
        return callId;
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public Optional<CandidatePairInfo> selectedPair(int componentId) {
        IceSession s = ice;
        return s == null ? Optional.empty() : s.selectedPair(componentId);
    }

    @Override
    public Optional<org.sipice.ice.LocalIce> localIce() {
        return Optional.ofNullable(localIce);
    }

    @Override
    public Optional<org.sipice.ice.RemoteIce> remoteIce() {
        return Optional.ofNullable(remoteIce);
    }

    @Override
    public MediaTransport media() {
        PlainRtpTransport plain = plainMedia;
        if (plain != null) {
            return plain;
        }
        IceSession s = ice;
        if (s == null) {
            throw new IllegalStateException("no ICE session");
        }
        return s.media();
    }

    @Override
    public org.sipice.diagnostics.CallReport report() {
        CallEvent.Ended e = ended.getNow(null);
        return timeline.report(this, ice, e == null ? "" : e.reason());
    }

    @Override
    public void restartIce() {
        serial.execute(midCall::restartIce);
    }

    @Override
    public void hold() {
        serial.execute(() -> midCall.reOffer("sendonly"));
    }

    @Override
    public void resume() {
        serial.execute(() -> midCall.reOffer(MediaDirection.SENDRECV));
    }

    /** The established dialog. */
    abstract javax.sip.Dialog dialog();

    /** Which requests with this call's Call-ID are in its dialogs (RFC 3261 §12.2.2). */
    abstract CallDialogs dialogs();

    @Override
    public CompletableFuture<Void> iceReady() {
        return iceReady;
    }

    @Override
    public CompletableFuture<Void> established() {
        return established;
    }

    @Override
    public CompletableFuture<CallEvent.Ended> ended() {
        return ended;
    }

    // ---- JAIN-SIP entry points: stamp, then post to the call's executor ---------------------

    void onRequest(RequestEvent event) {
        long at = context.timers.nanoTime();
        serial.execute(() -> {
            emit(at, SipMessages.received(event.getRequest()));
            handleRequest(event);
        });
    }

    void onResponse(ResponseEvent event) {
        long at = context.timers.nanoTime();
        serial.execute(() -> {
            boolean retransmission = event instanceof gov.nist.javax.sip.ResponseEventExt
                    && ((gov.nist.javax.sip.ResponseEventExt) event).isRetransmission();
            // A repeated 1xx is flagged as a retransmission by the RI; one carrying SDP may be
            // the only copy of the answer we get (docs/JAIN-SIP.md §3), so keep it.
            if (retransmission && event.getResponse().getRawContent() == null) {
                return;
            }
            emit(at, SipMessages.received(event.getResponse()));
            handleResponse(event);
        });
    }

    void onTimeout(TimeoutEvent event) {
        serial.execute(() -> handleTimeout(event));
    }

    abstract void handleRequest(RequestEvent event);

    abstract void handleResponse(ResponseEvent event);

    void handleTimeout(TimeoutEvent event) {
        if (state != CallState.ENDED && !event.isServerTransaction()
                && Request.INVITE.equals(event.getClientTransaction().getRequest().getMethod())) {
            end("INVITE timed out (RFC 3261 Timer B)", true);
        } else if (state != CallState.ENDED && !event.isServerTransaction()
                && Request.BYE.equals(event.getClientTransaction().getRequest().getMethod())
                && event.getClientTransaction().getDialog() == dialog()) {
            // RFC 3261 §15.1.1: a BYE without response still ends the session and the dialog (a
            // B2BUA whose peer vanished must not keep the call, and its other leg, forever).
            end("BYE timed out (RFC 3261 §15.1.1)", true);
        }
    }

    /** Hook for ICE events, on the call's executor. */
    abstract void handleIceEvent(IceEvent event);

    /** The listener every ICE session of this call reports to. */
    void onIceEvent(IceEvent event) {
        long at = context.timers.nanoTime();
        serial.execute(() -> onOwnIceEvent(at, event));
    }

    /** An event of the call's own ICE session (not another fork's), on the call's executor. */
    void onOwnIceEvent(long at, IceEvent event) {
        emit(at, new CallEvent.Ice(event));
        if (event instanceof IceEvent.RestartCompleted) {
            // A call whose first ICE generation never completed (parked on a 3PCC black hole,
            // RFC 3725 Flow III/IV) gets its first selected pairs from a restart.
            iceReady.complete(null);
        }
        fallback.onIceEvent(event);
        handleIceEvent(event);
    }

    // ---- the call's ICE and media state: one writer --------------------------------------

    /** Applies what a piece of the call decided ({@link CallChange}); on the call's executor. */
    void apply(CallChange change) {
        if (change instanceof CallChange.NewSession n) {
            IceSession stale = ice;
            ice = n.session();
            if (stale != null && stale != n.session()) {
                stale.close();
            }
        } else if (change instanceof CallChange.Described d) {
            localIce = d.local();
        } else if (change instanceof CallChange.ChecksStarted c) {
            remoteIce = c.remote();
            if (state != CallState.ESTABLISHED && state != CallState.ENDED) {
                state = CallState.CHECKING;
            }
            ice.start(c.remote());
        } else if (change instanceof CallChange.PlainMedia p) {
            apply(new CallChange.NewSession(null)); // its sockets and TURN allocations go (RFC 8656 §7)
            replacePlain(p.plain());
            remoteIce = null;
        } else if (change instanceof CallChange.PlainMediaClosed) {
            replacePlain(null);
        }
    }

    private void replacePlain(PlainRtpTransport plain) {
        PlainRtpTransport previous = plainMedia;
        plainMedia = plain;
        if (previous != null && previous != plain) {
            previous.close();
        }
    }

    // ---- events --------------------------------------------------------------------------

    void emit(CallEvent event) {
        emit(context.timers.nanoTime(), event);
    }

    void emit(long at, CallEvent event) {
        timeline.record(at, event);
        try {
            listener.onEvent(this, at, event);
        } catch (RuntimeException e) {
            LOG.warn("call listener failed on {}", event, e);
        }
    }

    // ---- sending -------------------------------------------------------------------------

    void setSdp(Message m, String sdp) throws java.text.ParseException {
        if (!context.config.advertiseIce2()) {
            sdp = sdp.replace("a=ice-options:" + OfferAnswer.ICE2 + "\r\n", ""); // interop testing only
        }
        m.setContent(sdp, context.headers.createContentTypeHeader("application", "sdp"));
    }

    void respond(ServerTransaction st, Response response) throws Exception {
        long at = context.timers.nanoTime(); // stamped before sending: the peer may see it first
        st.sendResponse(response);
        emit(at, SipMessages.sent(response));
    }

    /**
     * Answers a request outside any transaction we track (481 for unknown dialogs, etc.),
     * reporting it as a sent {@link CallEvent.SipMessage} of {@code call} unless that is null.
     */
    static void respondStateless(SipContext context, RequestEvent event, int status, CallBase call) {
        try {
            Response r = context.messages.createResponse(status, event.getRequest());
            ServerTransaction st = event.getServerTransaction();
            long at = context.timers.nanoTime();
            if (st != null) {
                st.sendResponse(r);
            } else {
                context.provider.sendResponse(r);
            }
            if (call != null) {
                call.emit(at, SipMessages.sent(r));
            }
        } catch (Exception e) {
            LOG.debug("cannot answer {} with {}: {}", event.getRequest().getMethod(), status, e.toString());
        }
    }

    /** Answers {@code event}'s request with 200 in its (new) server transaction. */
    void okay(RequestEvent event) {
        try {
            ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : context.provider.getNewServerTransaction(event.getRequest());
            respond(st, context.messages.createResponse(Response.OK, event.getRequest()));
        } catch (Exception e) {
            LOG.debug("{}: cannot answer {}: {}", id(), event.getRequest().getMethod(), e.toString());
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    // ---- end -----------------------------------------------------------------------------

    /** Ends the call once: closes ICE, completes the futures, reports {@link CallEvent.Ended}. */
    void end(String reason, boolean failure) {
        if (state == CallState.ENDED) {
            return;
        }
        state = CallState.ENDED;
        onEnded();
        IceSession s = ice;
        if (s != null) {
            s.close();
        }
        PlainRtpTransport plain = plainMedia;
        if (plain != null) {
            plain.close();
        }
        dispatcher.unregister(this);
        CallEvent.Ended e = new CallEvent.Ended(reason, failure);
        emit(e);
        IllegalStateException cause = new IllegalStateException("call ended: " + reason);
        iceReady.completeExceptionally(cause);
        established.completeExceptionally(cause);
        ended.complete(e);
    }

    /** Ends an established call from our side: BYE in the dialog (RFC 3261 §15.1.1). */
    void sendBye(javax.sip.header.Header... extra) {
        try {
            javax.sip.Dialog dialog = dialog();
            Request bye = dialog.createRequest(Request.BYE);
            for (javax.sip.header.Header h : extra) {
                bye.addHeader(h); // a Reason (RFC 3326) and Warning when we end a failed call
            }
            javax.sip.ClientTransaction ct = context.provider.getNewClientTransaction(bye);
            long at = context.timers.nanoTime();
            dialog.sendRequest(ct);
            emit(at, SipMessages.sent(bye));
        } catch (Exception e) {
            end("cannot send BYE: " + e.getMessage(), true);
        }
    }

    /**
     * Ends an established call we cannot use: BYE with a Reason (RFC 3326) and a Warning; the
     * call ends, as a failure, when the BYE is answered ({@link #byeAnswered}).
     */
    void byeForFailure(String why) {
        byeFailure = why;
        try {
            sendBye(context.reason(Response.NOT_ACCEPTABLE_HERE, why), context.warning(why));
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
            end(why, true);
        }
    }

    /** The final response to our BYE: the call ends, as a failure if the BYE said so. */
    void byeAnswered() {
        end(byeFailure == null ? "hung up" : byeFailure, byeFailure != null);
    }

    /** Hook for a side's own clean-up (timers) when the call ends. */
    void onEnded() {
    }

    /** Closes the call without signalling (user agent shutdown). */
    void abandon() {
        serial.execute(() -> end("user agent closed", true));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + callId + ", " + state + "]";
    }
}

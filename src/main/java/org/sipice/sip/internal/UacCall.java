package org.sipice.sip.internal;

import java.util.Arrays;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;
import org.sipice.sip.internal.transport.TlsRefusal;

/**
 * The caller side: gathers before sending the INVITE (RFC 8839 §7.1.1), starts checks on the
 * first answer it sees (100, 18x or 2xx), PRACKs reliable provisionals, ACKs the 200.
 */
final class UacCall extends CallBase {
    private static final Logger LOG = LogManager.getLogger(UacCall.class);

    private final String target;
    private final String fromTag = SipContext.newTag();
    private final CallDialogs dialogs = CallDialogs.caller(fromTag);
    private ClientTransaction inviteTx;
    private Dialog dialog;
    /** The first SDP answer received (the first fork's). */
    byte[] answer;
    /** The early dialogs of a forked INVITE, each with its own ICE session. */
    private final ForkedDialogs forks = new ForkedDialogs(this);
    private boolean hangupRequested;
    /**
     * Why the answer cannot be used (no ICE and no fallback allowed or possible): the call ends,
     * with a CANCEL if the answer came in a provisional response, else with ACK then BYE
     * (RFC 3261 §13.2.2.4: a 2xx is always ACKed).
     */
    private String unusableAnswer;
    private final UpdatedOffer updatedOffer = new UpdatedOffer(this);
    /** The peer's 200 lists UPDATE in Allow (RFC 3311 §5.1). */
    private boolean peerAllowsUpdate;
    /** Set when our INVITE carries no offer: the callee offers, we answer. */
    private final OfferlessInviteUac offerless;

    UacCall(SipContext context, SipDispatcher dispatcher, CallListener listener, String target, boolean withOffer) {
        super(context, dispatcher, listener, context.provider.getNewCallId().getCallId());
        this.target = target;
        this.offerless = withOffer ? null : new OfferlessInviteUac(this, forks);
    }

    @Override
    public boolean isOutgoing() {
        return true;
    }

    void start() {
        serial.execute(() -> {
            // RFC 8445 §6.1.1: the offerer controls; without our offer the callee offers.
            apply(new CallChange.NewSession(forks.createFirst(
                    offerless == null ? IceRole.CONTROLLING : IceRole.CONTROLLED)));
            ice.gather().whenComplete((local, error) -> serial.execute(() -> sendInvite(local, error)));
        });
    }

    private void sendInvite(LocalIce local, Throwable error) {
        if (state == CallState.ENDED) {
            return;
        }
        if (error != null) {
            end("ICE gathering failed: " + error.getMessage(), true);
            return;
        }
        if (hangupRequested) {
            end("hung up before the INVITE went out", false);
            return;
        }
        try {
            String offer = OfferAnswer.offer(local, context.config.ice().rtcpMux(), origin.next(),
                    context.config.ice().ta().toMillis());
            URI requestUri = context.addresses.createURI(target);
            Address to = context.addresses.createAddress(requestUri);
            Address from = context.addresses.createAddress(context.localUri());
            ViaHeader via = context.headers.createViaHeader(context.host(), context.port(), context.transport(), null);
            Request invite = context.messages.createRequest(requestUri, Request.INVITE,
                    context.headers.createCallIdHeader(id()),
                    context.headers.createCSeqHeader(1L, Request.INVITE),
                    context.headers.createFromHeader(from, fromTag),
                    context.headers.createToHeader(to, null),
                    List.of(via), context.headers.createMaxForwardsHeader(70));
            invite.addHeader(context.contact());
            // RFC 3262: we take reliable provisionals. RFC 5768 §4.3 puts the "ice" option tag
            // in Require only; Supported would say nothing the SDP does not (RFC 5768 §4.2).
            if (context.config.supports100rel()) {
                invite.addHeader(context.headers.createSupportedHeader("100rel"));
            }
            if (context.config.iceRequired()) {
                invite.addHeader(context.headers.createRequireHeader("ice")); // RFC 5768 §4.3
            }
            invite.addHeader(context.headers.createUserAgentHeader(List.of(context.config.userAgent())));
            AllowedMethods.add(invite, context); // RFC 3261 §20.5
            if (offerless == null) {
                setSdp(invite, offer);
            }
            apply(new CallChange.Described(local));
            inviteTx = context.provider.getNewClientTransaction(invite);
            long at = context.timers.nanoTime();
            inviteTx.sendRequest();
            emit(at, SipMessages.sent(invite));
        } catch (Exception e) {
            // A refused server certificate is named (tls_expired: ...), never a bare handshake error.
            end(TlsRefusal.in(e).map(Throwable::getMessage).orElse("cannot send INVITE: " + e.getMessage()), true);
        }
    }

    @Override
    void handleResponse(ResponseEvent event) {
        if (midCall.onResponse(event)) {
            return;
        }
        Response response = event.getResponse();
        int status = response.getStatusCode();
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        if (Request.BYE.equals(method)) {
            if (status >= 200 && !forks.isReleased(ForkedDialogs.toTag(response))) {
                byeAnswered();
            }
            return;
        }
        if (!Request.INVITE.equals(method) || state == CallState.ENDED) {
            return;
        }
        String tag = ForkedDialogs.toTag(response);
        if (status >= 200 && status < 300 && forks.isLateFork(tag)) {
            forks.ackAndBye(response, event.getDialog()); // RFC 3261 §13.2.2.4
            return;
        }
        if (event.getDialog() != null) {
            dialog = event.getDialog(); // until the 2xx: the latest early dialog
        }
        if (offerless != null ? !offerless.onResponse(response, event.getDialog())
                : SipMessages.hasSdp(response) && !forks.onAnswer(tag, response.getRawContent())) {
            return;
        }
        if (status < 200 && unusableAnswer != null) {
            abort(unusableAnswer);
        } else if (status < 200) {
            onProvisional(response, event.getDialog(), tag);
        } else if (status < 300) {
            onSuccess(response);
        } else {
            WarningHeader warning = (WarningHeader) response.getHeader(WarningHeader.NAME);
            end(status + " " + response.getReasonPhrase() + (warning == null ? "" : " (" + warning.getText() + ")"),
                    status != Response.REQUEST_TERMINATED || !hangupRequested);
        }
    }

    /**
     * The first SDP in any response is the answer: checks start at once. RFC 3261 §13.2.1 and
     * RFC 3262 §5: later copies (183, 200) must be identical.
     */
    boolean takeAnswer(byte[] body) {
        if (answer != null) {
            if (!Arrays.equals(answer, body)) {
                emit(new CallEvent.Warning("a later copy of the answer differs from the first; the first is kept"));
            }
            return true;
        }
        answer = body;
        org.sipice.sdp.IceDescription parsed;
        try {
            parsed = OfferAnswer.parse(body);
        } catch (IceSdpException e) {
            abort("malformed SDP answer: " + e.getMessage());
            return false;
        }
        boolean relayOnly = RelayOnlyRefusal.applies(this);
        AnswerUse use = AnswerUse.of(parsed, context.config.iceRequired(), relayOnly);
        if (use == AnswerUse.ICE) {
            apply(new CallChange.ChecksStarted(OfferAnswer.remoteIce(parsed).orElseThrow()));
        } else if (use == AnswerUse.UNUSABLE || !fallback.toPlain(parsed, new String(
                inviteTx.getRequest().getRawContent(), java.nio.charset.StandardCharsets.UTF_8),
                IceFallback.reason(parsed, Request.INVITE))) {
            unusableAnswer = relayOnly ? RelayOnlyRefusal.REASON
                    : "the answer has neither ICE candidates nor a usable c=/m= address";
        }
        return true;
    }

    private void onProvisional(Response response, Dialog early, String tag) {
        int status = response.getStatusCode();
        RSeqHeader rseq = (RSeqHeader) response.getHeader(RSeqHeader.NAME);
        if (status > 100 && rseq != null && SipMessages.isRequired(response, "100rel") && early != null) {
            // RFC 3262 §4: PRACK each new reliable provisional once, in its own early dialog.
            if (forks.newRseq(tag, rseq.getSequenceNumber())) {
                try {
                    Request prack = early.createPrack(response);
                    String answerSdp = offerless == null ? null : offerless.takePrackAnswer();
                    if (answerSdp != null) {
                        setSdp(prack, answerSdp); // RFC 3262 §5: the answer to the 18x's offer
                    }
                    long at = context.timers.nanoTime();
                    early.sendRequest(context.provider.getNewClientTransaction(prack));
                    emit(at, SipMessages.sent(prack));
                } catch (Exception e) {
                    LOG.warn("{}: cannot PRACK: {}", id(), e.toString());
                }
            }
        }
        if (status == Response.RINGING && state != CallState.ESTABLISHED) {
            state = CallState.RINGING;
        }
    }

    private void onSuccess(Response response) {
        if (state != CallState.ESTABLISHED) {
            forks.onAnswered(ForkedDialogs.toTag(response)); // its fork's session is the call's now
        }
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = dialog.createAck(cseq);
            if (offerless != null && offerless.ackAnswer() != null) {
                setSdp(ack, offerless.ackAnswer()); // RFC 3261 §13.2.1: the answer to the 2xx's offer
            }
            long at = context.timers.nanoTime();
            dialog.sendAck(ack);
            if (state == CallState.ESTABLISHED) {
                return; // a retransmitted 200: re-ACKed, nothing else
            }
            emit(at, SipMessages.sent(ack));
        } catch (Exception e) {
            end("cannot ACK: " + e.getMessage(), true);
            return;
        }
        String failure = offerless == null ? (answer == null ? "the 200 OK carries no answer" : unusableAnswer)
                : offerless.failureAfterAck();
        if (failure == null && forks.answeredWithoutSdp(ForkedDialogs.toTag(response))) {
            failure = "fork " + ForkedDialogs.toTag(response) + " sent a 2xx but no usable SDP of its own";
        }
        if (failure != null) {
            state = CallState.ESTABLISHED; // ACKed: the dialog is confirmed, BYE ends it (§13.2.2.4)
            abort(failure);
            return;
        }
        state = CallState.ESTABLISHED;
        emit(new CallEvent.Established());
        established.complete(null);
        if (hangupRequested) {
            sendBye();
            return;
        }
        peerAllowsUpdate = context.config.allowUpdate() && allows(response, Request.UPDATE); // RFC 3311 §5.1
        if (offerless == null) { // the updated offer is the controlling side's (RFC 8839 §4.3.4)
            updatedOffer.onEstablished(peerAllowsUpdate);
        }
    }

    @Override
    void handleIceEvent(IceEvent event) {
        if (event instanceof IceEvent.Completed) {
            iceReady.complete(null);
            if (offerless == null) {
                updatedOffer.onIceCompleted(peerAllowsUpdate);
            }
        } else if (event instanceof IceEvent.Failed) {
            iceReady.completeExceptionally(new IllegalStateException(((IceEvent.Failed) event).reason()));
        }
    }

    @Override
    void handleRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.BYE.equals(request.getMethod())) {
            try {
                javax.sip.ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                        : context.provider.getNewServerTransaction(request);
                respond(st, context.messages.createResponse(Response.OK, request));
            } catch (Exception e) {
                LOG.debug("{}: cannot answer BYE: {}", id(), e.toString());
            }
            if (!forks.isReleased(((javax.sip.header.FromHeader) request.getHeader("From")).getTag())) {
                end("BYE received", false); // not the BYE of a fork we released
            }
        } else if (Request.ACK.equals(request.getMethod())) {
            midCall.onAck(request);
        } else if (Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod())) {
            midCall.onOffer(event);
        } else {
            respondStateless(context, event, Response.NOT_IMPLEMENTED, this);
        }
    }

    private static boolean allows(Response response, String method) {
        for (java.util.ListIterator<?> it = response.getHeaders(javax.sip.header.AllowHeader.NAME); it.hasNext();) {
            if (method.equalsIgnoreCase(((javax.sip.header.AllowHeader) it.next()).getMethod())) {
                return true;
            }
        }
        return false;
    }

    @Override
    Dialog dialog() {
        return dialog;
    }

    @Override
    CallDialogs dialogs() {
        return dialogs;
    }

    @Override
    void onEnded() {
        forks.releaseAll("the call ended");
    }

    @Override
    public void answer() {
        throw new IllegalStateException("the caller does not answer");
    }

    @Override
    public void reject(int status, String reason) {
        throw new IllegalStateException("the caller does not reject; use hangup()");
    }

    @Override
    public void hangup() {
        serial.execute(() -> {
            hangupRequested = true;
            if (state == CallState.ESTABLISHED) {
                sendBye();
            } else if (inviteTx != null && state != CallState.ENDED) {
                sendCancel();
            }
        });
    }

    /**
     * Ends a call whose answer (or offer) we cannot use: CANCEL before a final response; after it,
     * BYE with a Reason (RFC 3326) and a Warning, the call ending when the BYE is answered.
     */
    void abort(String why) {
        emit(new CallEvent.Warning(why));
        hangupRequested = true;
        if (state != CallState.ESTABLISHED) {
            sendCancel();
            end(why, true);
            return;
        }
        byeForFailure(why);
    }

    private void sendCancel() {
        try {
            Request cancel = inviteTx.createCancel();
            long at = context.timers.nanoTime();
            context.provider.getNewClientTransaction(cancel).sendRequest();
            emit(at, SipMessages.sent(cancel));
        } catch (Exception e) {
            LOG.debug("{}: cannot CANCEL: {}", id(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "UacCall[" + id() + " to " + target + ", " + state + "]";
    }


}

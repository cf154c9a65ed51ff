package org.sipice.sip.internal;

import java.time.Duration;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceEvent;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;
import org.sipice.sip.RingingGatePolicy;

/**
 * The callee side. Ladder (RFC 8839 §7.1.1: checks before ringing):
 *
 * <pre>
 *   INVITE (offer)  -->
 *                   <--  100 Trying (answer)            early answer, before JAIN-SIP's bodyless 100
 *                   <--  183 Session Progress (answer)  reliable, when the caller supports 100rel
 *   PRACK           -->
 *                   <--  200 OK (PRACK)
 *        ... connectivity checks; the ringing gate holds ...
 *                   <--  180 Ringing                    every component has a selected pair
 *                   <--  200 OK (answer again)          once the application answers
 *   ACK             -->
 * </pre>
 * The INVITE's offer is answered by {@link OfferedInviteUas}; an INVITE without SDP (we make the
 * offer): {@link OfferlessInviteUas}. Both hand their results back ({@link #earlyExchange},
 * {@link CallBase#apply}); this class owns the ringing gate, the 180 and the 200.
 */
final class UasCall extends CallBase {
    private static final Logger LOG = LogManager.getLogger(UasCall.class);

    final Request invite;
    final ServerTransaction inviteTx;
    private final long arrivedNanos;
    final String toTag = SipContext.newTag();
    private final CallDialogs dialogs;
    /** Our 100 Trying goes out before JAIN-SIP's automatic one (RFC 3261 §17.2.1). */
    final OwnTrying trying = new OwnTrying();
    /** The SDP of our 200 (the answer; the offer to an offerless INVITE without 100rel), or null. */
    private String answerSdp;
    private final RingingGate gate;
    /** A reliable 1xx with SDP awaits its PRACK: no 180 and no 2xx before it (RFC 3262 §3). */
    private boolean prackPending;
    /** Set for an INVITE without SDP: we make the offer. */
    private OfferlessInviteUas offerless;
    private RetransmittedProgress progress;
    private boolean peerChecked, ringSent, answerRequested;
    /** hangup() came between our 2xx and the caller's ACK. */
    private boolean byeAfterAck;
    private final UasFinalResponse finalResponse = new UasFinalResponse(this);

    UasCall(SipContext context, SipDispatcher dispatcher, CallListener listener, Request invite,
            ServerTransaction inviteTx, long arrivedNanos) {
        super(context, dispatcher, listener, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId());
        this.arrivedNanos = arrivedNanos;
        this.invite = invite;
        this.inviteTx = inviteTx;
        this.dialogs = CallDialogs.callee(toTag, invite);
        this.gate = new RingingGate(context.timers, arrivedNanos);
    }

    @Override
    public boolean isOutgoing() {
        return false;
    }

    /** Called on the JAIN-SIP thread right after the server transaction exists. */
    void start() {
        long at = arrivedNanos;
        trying.arm(this, arrivedNanos);
        serial.execute(() -> {
            emit(at, SipMessages.received(invite));
            accept();
        });
    }

    private void accept() {
        if (finalResponse.refusedByLimits()) {
            return; // 420 or 513, before any offer processing (SipLimits)
        }
        if (!SipMessages.hasSdp(invite)) {
            (offerless = new OfferlessInviteUas(this)).start(); // RFC 3261 §13.2.1: we make the offer
            return;
        }
        new OfferedInviteUas(this).accept(); // RFC 8839 §7.1.1: we answer, the caller's offer controls
    }

    /**
     * What the INVITE's offer/answer left for the rest of its transaction: the SDP of our 200
     * and what is in flight ({@link EarlyAnswer.Sent}). The one writer of those fields.
     */
    void earlyExchange(String sdpOf200, EarlyAnswer.Sent inFlight) {
        answerSdp = sdpOf200;
        prackPending = inFlight.prackPending();
        progress = inFlight.retransmitting();
        if (progress != null && peerChecked) {
            progress.stop();
        }
    }

    /**
     * The ringing gate's timeout starts now; an inactive offer opens it at once.
     *
     * @param offeredDirection the caller's offer's direction, null when we made the offer
     */
    void armGate(String offeredDirection) {
        if (offeredDirection != null && RingingGate.nothingToWaitFor(offeredDirection)) {
            openGate(false); // e.g. RFC 3725 Flow IV's black hole: ICE toward it cannot complete
            return;
        }
        gate.arm(context.config.ringingGateTimeout(), serial, () -> gateFailed("ICE not ready after "
                + context.config.ringingGateTimeout().toMillis() + " ms"));
    }

    // ---- the ringing gate ----------------------------------------------------------------

    @Override
    void handleIceEvent(IceEvent event) {
        if (state == CallState.ENDED) {
            return;
        }
        if (event instanceof IceEvent.PeerCheckReceived) {
            // RFC 8839 §7.1.1: the caller's check proves it has our answer.
            peerChecked = true;
            stopProgress();
        } else if (event instanceof IceEvent.Completed) {
            iceReady.complete(null);
            openGate(true);
        } else if (event instanceof IceEvent.Failed) {
            iceReady.completeExceptionally(new IllegalStateException(((IceEvent.Failed) event).reason()));
            if (!gate.isOpen()) {
                gateFailed("ICE failed: " + ((IceEvent.Failed) event).reason());
            }
        }
    }

    private void gateFailed(String why) {
        if (state == CallState.ENDED) {
            return;
        }
        if (context.config.ringingGatePolicy() == RingingGatePolicy.RING_ANYWAY) {
            LOG.info("{}: {}; ringing anyway on the default candidates", id(), why);
            emit(new CallEvent.Warning(why + "; ringing on the default candidates"));
            openGate(false);
        } else {
            fail(context.config.gateFailureStatus(), why);
        }
    }

    /** RFC 8839 §7.1.1: alert only once every component has a valid (here: selected) pair. */
    void openGate(boolean iceOk) {
        if (gate.awaitConditions(serial, error -> {
            if (error == null) {
                openGate(iceOk);
            } else if (!gate.isOpen()) {
                gateFailed("the application held the ringing gate and failed: " + rootMessage(error));
            }
        })) {
            return; // the application's condition (Call.holdRingingUntil) holds the gate too
        }
        Duration held = gate.open();
        if (held == null) {
            return;
        }
        emit(new CallEvent.RingingGateOpened(held, iceOk));
        maybeRing();
    }

    /** 180 once the gate is open and the reliable 183 is acknowledged (one answer in flight). */
    private void maybeRing() {
        if (!gate.isOpen() || prackPending || ringSent || finalResponse.isSent() || state == CallState.ENDED) {
            return;
        }
        try {
            Response ringing = context.messages.createResponse(Response.RINGING, invite);
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
            ringing.addHeader(context.contact());
            respond(inviteTx, ringing);
        } catch (Exception e) {
            fail(500, "cannot send 180: " + e.getMessage());
            return;
        }
        ringSent = true;
        state = CallState.RINGING;
        listener.readyToAlert(this);
        maybeAnswer();
    }

    // ---- answering -----------------------------------------------------------------------

    @Override
    public void answer() {
        serial.execute(() -> {
            answerRequested = true;
            maybeAnswer();
        });
    }

    /**
     * 200 OK with the answer, never while an SDP-carrying reliable 1xx is unacknowledged
     * (RFC 3262 §3; JAIN-SIP 1.3.0-91 does not enforce it, usnistgov/jsip#62).
     */
    private void maybeAnswer() {
        if (!answerRequested || !ringSent || prackPending || finalResponse.isSent() || state == CallState.ENDED) {
            return;
        }
        try {
            stopProgress(); // RFC 8839 §7.1.1: the 2xx carries the answer now
            finalResponse.sendOk(answerSdp);
        } catch (Exception e) {
            fail(500, "cannot send 200: " + e.getMessage());
        }
    }

    @Override
    public void reject(int status, String reason) {
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("a rejection is 3xx-6xx: " + status);
        }
        serial.execute(() -> {
            if (!finalResponse.isSent() && state != CallState.ENDED) {
                finalResponse.send(status, reason);
                end("rejected with " + status, false);
            }
        });
    }

    @Override
    public void hangup() {
        serial.execute(() -> {
            if (state == CallState.ESTABLISHED) {
                sendBye();
            } else if (!finalResponse.isSent()) {
                reject(Response.DECLINE, null);
            } else if (state != CallState.ENDED) {
                byeAfterAck = true; // RFC 3261 §15: our 2xx is out, BYE only once the ACK arrived
            }
        });
    }

    @Override
    Dialog dialog() {
        return inviteTx.getDialog();
    }

    @Override
    CallDialogs dialogs() {
        return dialogs;
    }

    @Override
    public Optional<Request> incomingInvite() {
        return Optional.of(invite);
    }

    @Override
    public void holdRingingUntil(java.util.concurrent.CompletionStage<?> condition) {
        java.util.Objects.requireNonNull(condition, "condition");
        gate.holdUntil(condition); // at once: incomingCall runs inside the task that may open the gate
    }

    // ---- requests and responses within the call ------------------------------------------

    @Override
    void handleRequest(RequestEvent event) {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.PRACK:
                if (offerless == null) {
                    okay(event);
                } else if (!offerless.onPrack(event)) {
                    prackPending = false; // the stack matched the PRACK; the call failed (no usable answer)
                    break;
                }
                if (prackPending) {
                    prackPending = false;
                    maybeRing();
                    maybeAnswer();
                }
                break;
            case Request.ACK:
                finalResponse.stopAckWait();
                LateAck.confirm(dialog(), inviteTx, request); // RFC 3261 §13.3.1.4: no 2xx after its ACK
                if (finalResponse.isSent() && state != CallState.ENDED && state != CallState.ESTABLISHED) {
                    state = CallState.ESTABLISHED;
                    emit(new CallEvent.Established());
                    established.complete(null);
                    if (byeAfterAck) {
                        sendBye();
                    } else if (offerless != null) {
                        offerless.onAck(request);
                    }
                } else {
                    midCall.onAck(request);
                }
                break;
            case Request.BYE:
                okay(event);
                end("BYE received", false);
                break;
            case Request.CANCEL:
                okay(event);
                finalResponse.send(Response.REQUEST_TERMINATED, null);
                end("CANCEL received", false);
                break;
            case Request.INVITE:
            case Request.UPDATE:
                midCall.onOffer(event);
                break;
            default:
                respondStateless(context, event, Response.NOT_IMPLEMENTED, this);
        }
    }

    @Override
    void handleResponse(ResponseEvent event) {
        if (midCall.onResponse(event)) {
            return;
        }
        String method = ((javax.sip.header.CSeqHeader) event.getResponse().getHeader("CSeq")).getMethod();
        if (Request.BYE.equals(method) && event.getResponse().getStatusCode() >= 200) {
            byeAnswered();
        }
    }

    @Override
    void handleTimeout(javax.sip.TimeoutEvent event) {
        if (!finalResponse.onInviteTimeout(event)) {
            super.handleTimeout(event);
        }
    }

    @Override
    void respond(ServerTransaction st, Response response) throws Exception {
        if (st == inviteTx) {
            trying.claim(); // any response to the INVITE stops both automatic 100s, the RI's and ours
        }
        super.respond(st, response);
    }

    @Override
    void emit(long at, CallEvent event) {
        trying.reportIfBefore(this, at); // OwnTrying's 100 first, if it went out before this event
        super.emit(at, event);
    }

    @Override
    void onEnded() {
        trying.cancel();
        finalResponse.stopAckWait();
        gate.cancel();
        stopProgress();
    }

    private void stopProgress() {
        if (progress != null) {
            progress.stop();
        }
    }

    /** Fails the call with a final response carrying a Warning header that says why. */
    void fail(int status, String why) {
        finalResponse.fail(status, why);
    }
}

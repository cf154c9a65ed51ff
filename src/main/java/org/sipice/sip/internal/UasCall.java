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
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceMedia;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;
import org.sipice.sip.RingingGatePolicy;

/**
 * The callee side. Ladder (RFC 8839 §7.1.1, the seed's "candidates before ringing"):
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
 */
final class UasCall extends CallBase {
    private static final Logger LOG = LogManager.getLogger(UasCall.class);

    private final Request invite;
    private final ServerTransaction inviteTx;
    private final long arrivedNanos = System.nanoTime();
    private final String toTag = SipContext.newTag();
    private IceDescription offer;
    private String answerSdp;
    private final RingingGate gate = new RingingGate(arrivedNanos);
    private boolean prackPending;
    private RetransmittedProgress progress;
    private boolean peerChecked;
    private boolean ringSent;
    private boolean answerRequested;
    private boolean finalSent;
    private final AckTimeout ackTimeout = new AckTimeout();

    UasCall(SipContext context, SipDispatcher dispatcher, CallListener listener, Request invite,
            ServerTransaction inviteTx) {
        super(context, dispatcher, listener, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId());
        this.invite = invite;
        this.inviteTx = inviteTx;
    }

    @Override
    public boolean isOutgoing() {
        return false;
    }

    /** Called on the JAIN-SIP thread right after the server transaction exists. */
    void start() {
        long at = arrivedNanos;
        serial.execute(() -> {
            emit(at, received(invite));
            accept();
        });
    }

    private void accept() {
        if (!hasSdp(invite)) {
            // Offerless INVITE (offer in a reliable 183) is a later feature.
            fail(488, "offerless INVITE is not supported yet: send an SDP offer with ICE");
            return;
        }
        try {
            offer = OfferAnswer.parse(invite.getRawContent());
        } catch (IceSdpException e) {
            // 488 Not Acceptable Here + Warning naming the problem (RFC 3261 §21.4.26).
            fail(Response.NOT_ACCEPTABLE_HERE, "malformed SDP: " + e.getMessage());
            return;
        }
        Optional<RemoteIce> remote = OfferAnswer.remoteIce(offer);
        Optional<String> mismatch = IceMismatch.check(offer); // RFC 8839 §4.2.5
        if (mismatch.isPresent()) {
            acceptWithoutIce(mismatch.get());
            return;
        }
        if (remote.isEmpty()) {
            if (context.config.iceRequired()) {
                // RFC 5768 §4.3: a UA that requires ICE answers 421 with Require: ice.
                fail(421, "ICE required: the offer has no ICE credentials or candidates");
            } else {
                acceptWithoutIce(null);
            }
            return;
        }
        ice = IceSession.create(context.config.ice(), IceRole.CONTROLLED, this::onIceEvent);
        listener.incomingCall(this);
        if (state == CallState.ENDED) {
            return;
        }
        // Gathering starts at once (RFC 8839 §7.1.1), answering the INVITE as soon as it ends.
        ice.gather().whenComplete((local, error) -> serial.execute(() -> onGathered(local, error, remote.get())));
    }

    /**
     * RFC 5768 §4.2, RFC 3264: the peer does no ICE, so there are no checks to wait for. Answer
     * from a plain RTP socket pair, send media to the offer's {@code c=}/{@code m=}, ring at once.
     */
    private void acceptWithoutIce(String mismatch) {
        IceMedia audio = OfferAnswer.firstAudio(offer).orElse(null);
        try {
            if (audio == null) {
                throw new IllegalArgumentException("the offer has no audio stream");
            }
            boolean mux = audio.rtcpMux() && context.config.ice().rtcpMux();
            plainMedia = PlainRtpTransport.bind(java.net.InetAddress.getByName(context.host()), mux);
            answerSdp = PlainAnswer.answer(offer, plainMedia.rtp(), plainMedia.rtcp(), origin.next());
            plainMedia.sendTo(audio.defaultCandidate(1).orElseThrow(), mux ? null
                    : audio.defaultCandidate(2).orElse(audio.defaultCandidate(1).orElseThrow()));
        } catch (IllegalArgumentException | java.io.IOException | java.util.NoSuchElementException e) {
            fail(Response.NOT_ACCEPTABLE_HERE, e.getMessage() == null ? "no usable media address" : e.getMessage());
            return;
        }
        emit(mismatch != null ? new CallEvent.IceNotUsed(mismatch, audio.defaultCandidate(1).orElseThrow().toString(),
                plainMedia.rtp().toString())
                : new CallEvent.Warning("the peer does not do ICE: plain RFC 3264 media to its c=/m= address"));
        listener.incomingCall(this);
        if (state == CallState.ENDED) {
            return;
        }
        iceReady.complete(null); // media is usable now: nothing to check
        openGate(false);
    }

    private void onGathered(LocalIce local, Throwable error, RemoteIce remote) {
        if (state == CallState.ENDED) {
            return;
        }
        if (error != null) {
            fail(500, "ICE gathering failed: " + rootMessage(error));
            return;
        }
        try {
            answerSdp = OfferAnswer.answer(offer, local, context.config.ice().rtcpMux(), origin.next(),
                    context.config.ice().ta().toMillis());
        } catch (IllegalArgumentException e) {
            fail(488, e.getMessage());
            return;
        }
        try {
            EarlyAnswer.Sent sent = EarlyAnswer.send(this, inviteTx, invite, answerSdp, toTag,
                    context.config.earlyAnswer(), remote.iceLite());
            prackPending = sent.prackPending();
            progress = sent.retransmitting();
            if (progress != null && peerChecked) {
                progress.stop();
            }
        } catch (Exception e) {
            fail(500, "cannot send the early answer: " + e.getMessage());
            return;
        }
        state = CallState.CHECKING;
        localIce = local;
        remoteIce = remote;
        ice.start(remote);
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
    private void openGate(boolean iceOk) {
        Duration held = gate.open();
        if (held == null) {
            return;
        }
        emit(new CallEvent.RingingGateOpened(held, iceOk));
        maybeRing();
    }

    /** 180 once the gate is open and the reliable 183 is acknowledged (one answer in flight). */
    private void maybeRing() {
        if (!gate.isOpen() || prackPending || ringSent || finalSent || state == CallState.ENDED) {
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
        if (!answerRequested || !ringSent || prackPending || finalSent || state == CallState.ENDED) {
            return;
        }
        try {
            Response ok = context.messages.createResponse(Response.OK, invite);
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(toTag);
            ok.addHeader(context.contact());
            AllowedMethods.add(ok, context); // RFC 3261 §20.5
            setSdp(ok, answerSdp);
            stopProgress(); // RFC 8839 §7.1.1: the 2xx carries the answer now
            finalSent = true;
            respond(inviteTx, ok);
            ackTimeout.arm(this); // RFC 3261 §13.3.1.4
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
            if (finalSent || state == CallState.ENDED) {
                return;
            }
            try {
                Response r = context.messages.createResponse(status, invite);
                ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
                if (reason != null) {
                    r.setReasonPhrase(reason);
                }
                finalSent = true;
                respond(inviteTx, r);
            } catch (Exception e) {
                LOG.warn("{}: cannot reject: {}", id(), e.toString());
            }
            end("rejected with " + status, false);
        });
    }

    @Override
    public void hangup() {
        serial.execute(() -> {
            if (state == CallState.ESTABLISHED) {
                sendBye();
            } else if (!finalSent) {
                reject(Response.DECLINE, null);
            }
        });
    }

    @Override
    Dialog dialog() {
        return inviteTx.getDialog();
    }

    // ---- requests and responses within the call ------------------------------------------

    @Override
    void handleRequest(RequestEvent event) {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.PRACK:
                okay(event);
                if (prackPending) {
                    prackPending = false;
                    maybeRing();
                    maybeAnswer();
                }
                break;
            case Request.ACK:
                ackTimeout.cancel();
                if (finalSent && state != CallState.ENDED && state != CallState.ESTABLISHED) {
                    state = CallState.ESTABLISHED;
                    emit(new CallEvent.Established());
                    established.complete(null);
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
                if (!finalSent) {
                    try {
                        Response terminated = context.messages.createResponse(Response.REQUEST_TERMINATED, invite);
                        ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(toTag);
                        finalSent = true;
                        respond(inviteTx, terminated);
                    } catch (Exception e) {
                        LOG.debug("{}: cannot send 487: {}", id(), e.toString());
                    }
                }
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
            end("hung up", false);
        }
    }

    /**
     * RFC 3262 §3: a reliable provisional response that is never PRACKed ends the INVITE with a
     * 5xx. The RI reports the timeout (after 64*T1) but sends nothing itself.
     */
    @Override
    void handleTimeout(javax.sip.TimeoutEvent event) {
        if (event.isServerTransaction() && event.getServerTransaction() == inviteTx && !finalSent
                && state != CallState.ENDED) {
            fail(Response.SERVER_INTERNAL_ERROR, "the reliable 183 was never acknowledged (RFC 3262 §3)");
        } else {
            super.handleTimeout(event);
        }
    }

    @Override
    void onEnded() {
        ackTimeout.cancel();
        gate.cancel();
        stopProgress();
    }

    private void stopProgress() {
        if (progress != null) {
            progress.stop();
        }
    }

    /** Fails the call with a final response carrying a Warning header that says why. */
    private void fail(int status, String why) {
        LOG.info("{}: failing with {}: {}", id(), status, why);
        if (!finalSent) {
            try {
                Response r = context.messages.createResponse(status, invite);
                ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
                r.addHeader(context.warning(why));
                if (status == 421) {
                    r.addHeader(context.headers.createRequireHeader("ice"));
                }
                finalSent = true;
                respond(inviteTx, r);
            } catch (Exception e) {
                LOG.warn("{}: cannot send {}: {}", id(), status, e.toString());
            }
        }
        end(status + ": " + why, true);
    }
}

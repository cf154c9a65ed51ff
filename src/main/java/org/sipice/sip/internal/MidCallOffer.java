package org.sipice.sip.internal;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.internal.concurrent.Executors;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * Offers inside an established dialog, on either side of the call: a re-INVITE or UPDATE with
 * SDP (same ICE credentials: no restart; new ones: ICE restart, RFC 8839 §4.4.1.1.1), an
 * offerless re-INVITE (offer in our 200, answer in the ACK: RFC 8839 §7.5, RFC 3725 §7), and our
 * own ICE restart ({@link #restartIce()}) with the RFC 3261 §14.1 back-off on 491. Runs on the
 * call's executor.
 */
final class MidCallOffer {
    private static final Logger LOG = LogManager.getLogger(MidCallOffer.class);

    private final CallBase call;
    /** Our 200 to an offerless re-INVITE carried an offer: the answer comes in the ACK. */
    private boolean answerInAck;
    private ClientTransaction ourReInvite;
    /** INVITE, or UPDATE for an updated offer to a peer that allows it (RFC 3311). */
    private String ourMethod = Request.INVITE;
    private String ourOffer;
    private boolean acked;
    private boolean retried;
    /** Our pending re-INVITE restarts ICE (else it only changes the direction). */
    private boolean restarting;
    /** The peer's offer awaits our final response (we are gathering for an ICE restart). */
    private boolean theirOfferPending;
    /** The last re-INVITE we answered 2xx: its ACK stops the RI's retransmissions ({@link LateAck}). */
    private ServerTransaction answeredReInvite;

    MidCallOffer(CallBase call) {
        this.call = call;
    }

    SipContext context() {
        return call.context;
    }

    // ---- offers from the peer ------------------------------------------------------------

    /** An in-dialog INVITE or UPDATE. */
    void onOffer(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction st;
        try {
            st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : call.context.provider.getNewServerTransaction(request);
        } catch (Exception e) {
            LOG.debug("{}: no transaction for {}: {}", call.id(), request.getMethod(), e.toString());
            return;
        }
        if (SipLimits.refused(this, st, request)) {
            return; // 420 or 513, before any offer processing
        }
        boolean plain = call.ice == null && call.plainMedia != null; // RFC 3264 media (no ICE, or fallen back)
        if (!plain && (call.ice == null || call.remoteIce == null)) {
            respond(st, request, Response.NOT_ACCEPTABLE_HERE, null, "re-offers on a call without ICE are not supported");
            return;
        }
        if (call.state != CallState.ESTABLISHED) {
            // RFC 3261 §14.2: a second INVITE before the first is settled gets 500.
            respond(st, request, Response.SERVER_INTERNAL_ERROR, null, "the call is not established yet");
            return;
        }
        if (theirOfferPending) {
            // RFC 3261 §14.2: a second INVITE before our final response to the first gets 500 + Retry-After.
            respond(st, request, Response.SERVER_INTERNAL_ERROR, null, "an earlier offer is still being answered");
            return;
        }
        if (ourReInvite != null || answerInAck) {
            // RFC 3261 §14.2: an offer while ours is pending gets 491.
            respond(st, request, Response.REQUEST_PENDING, null, "an offer/answer exchange is in progress");
            return;
        }
        if (!SipMessages.hasSdp(request)) {
            if (Request.UPDATE.equals(request.getMethod())) {
                respond(st, request, Response.OK, null, null); // RFC 3311: a session refresh
            } else if (plain) {
                respond(st, request, Response.NOT_ACCEPTABLE_HERE, null, "offerless re-INVITE on RFC 3264 media");
            } else {
                offerlessReInvite(st, request);
            }
            return;
        }
        IceDescription offer;
        try {
            offer = OfferAnswer.parse(request.getRawContent());
        } catch (IceSdpException e) {
            respond(st, request, Response.NOT_ACCEPTABLE_HERE, null, "malformed SDP: " + e.getMessage());
            return;
        }
        if (plain) {
            call.fallback.onOffer(st, request, offer);
            return;
        }
        Optional<String> mismatch = IceMismatch.check(offer); // RFC 8839 §4.2.5
        if (mismatch.isPresent()) {
            call.fallback.answerMismatch(st, request, offer, mismatch.get());
            return;
        }
        Optional<RemoteIce> remote = OfferAnswer.remoteIce(offer);
        if (remote.isEmpty()) {
            respond(st, request, Response.NOT_ACCEPTABLE_HERE, null, "the offer has no ICE credentials or candidates");
            return;
        }
        String direction = MediaDirection.of(offer);
        if (!isRestart(offer, remote.get())) {
            // RFC 8839 §4.4.1.1.2 / §4.4.2: same ufrag and pwd, no restart; the peer's
            // a=remote-candidates (RFC 8839 §4.4.2) only confirms the selection we already have.
            answer(st, request, offer, currentLocal(), direction);
            return;
        }
        theirOfferPending = true;
        call.ice.restart().whenComplete((local, error) -> call.serial.execute(() -> {
            theirOfferPending = false;
            if (error != null || call.state == CallState.ENDED) {
                respond(st, request, Response.SERVER_INTERNAL_ERROR, null,
                        "ICE restart failed: " + (error == null ? "call ended" : error.getMessage()));
                return;
            }
            if (answer(st, request, offer, local, direction)) {
                call.apply(new CallChange.Described(local));
                call.apply(new CallChange.ChecksStarted(remote.get()));
            }
        }));
    }

    /**
     * RFC 8839 §4.4.2.1: the answerer detects a restart by a changed ufrag or pwd, nothing else.
     * A legacy hold offer with {@code c=0.0.0.0} (RFC 3264 §8.4) and unchanged credentials is no
     * restart (RFC 8839 §4.4.1.1.1 forbids agents to use it for hold, so it comes from an old peer
     * that did not mean one) and no mismatch (RFC 8839 §4.2.5): answered like any re-offer.
     */
    private boolean isRestart(IceDescription offer, RemoteIce remote) {
        return !remote.credentials().equals(call.remoteIce.credentials());
    }

    private boolean answer(ServerTransaction st, Request request, IceDescription offer, LocalIce local,
            String direction) {
        String sdp;
        try {
            sdp = MediaDirection.withDirection(OfferAnswer.answer(offer, local, call.context.config.ice().rtcpMux(),
                    call.origin.next(), call.context.config.ice().ta().toMillis()), MediaDirection.mirror(direction));
        } catch (IllegalArgumentException e) {
            respond(st, request, Response.NOT_ACCEPTABLE_HERE, null, e.getMessage());
            return false;
        }
        return respond(st, request, Response.OK, sdp, null);
    }

    /** RFC 8839 §7.5, RFC 3725 §7: an offerless re-INVITE restarts ICE; the offer goes in our 200. */
    private void offerlessReInvite(ServerTransaction st, Request request) {
        answerInAck = true;
        call.ice.restart().whenComplete((local, error) -> call.serial.execute(() -> {
            if (error != null || call.state == CallState.ENDED) {
                answerInAck = false;
                respond(st, request, Response.SERVER_INTERNAL_ERROR, null, "ICE restart failed");
                return;
            }
            call.apply(new CallChange.Described(local));
            if (!respond(st, request, Response.OK, offer(local), null)) {
                answerInAck = false;
            }
        }));
    }

    /** An ACK within the call: carries the answer to the offer of our 200, if we sent one. */
    void onAck(Request ack) {
        if (answeredReInvite != null) {
            LateAck.confirm(call.dialog(), answeredReInvite, ack); // RFC 3261 §13.3.1.4
        }
        if (!answerInAck) {
            return;
        }
        answerInAck = false;
        Optional<RemoteIce> remote = Optional.empty();
        try {
            if (SipMessages.hasSdp(ack)) {
                remote = OfferAnswer.remoteIce(OfferAnswer.parse(ack.getRawContent()));
            }
        } catch (IceSdpException e) {
            call.emit(new CallEvent.Warning("malformed SDP answer in the ACK: " + e.getMessage()));
            return;
        }
        if (remote.isEmpty()) {
            call.emit(new CallEvent.Warning("the ACK carries no ICE answer to our offer"));
            return;
        }
        call.apply(new CallChange.ChecksStarted(remote.get()));
    }

    // ---- our own ICE restart ---------------------------------------------------------------

    /** RFC 8839 §4.4.1.1.1: a re-INVITE with new credentials; the answer comes in the 200. */
    void restartIce() {
        if (call.fallback.active() && ourReInvite == null) {
            call.fallback.offerWithFreshIce(MediaDirection.SENDRECV); // RFC 8839 §4.4.3.1
            return;
        }
        if (call.state != CallState.ESTABLISHED || call.ice == null || ourReInvite != null || answerInAck) {
            call.emit(new CallEvent.Warning("ICE restart not possible now (" + call.state + ")"));
            return;
        }
        ourOffer = "";
        call.ice.restart().whenComplete((local, error) -> call.serial.execute(() -> {
            if (error != null || call.state == CallState.ENDED) {
                ourOffer = null;
                call.emit(new CallEvent.Warning("ICE restart failed: " + (error == null ? "call ended" : error)));
                return;
            }
            call.apply(new CallChange.Described(local));
            ourOffer = offer(local);
            retried = false;
            restarting = true;
            sendReInvite();
        }));
    }

    /**
     * Hold ({@code sendonly}) or resume ({@code sendrecv}): a re-INVITE with our current
     * credentials and candidates, so ICE does not restart (RFC 8839 §4.4.1.1.2).
     */
    void reOffer(String direction) {
        if (call.fallback.active() && ourReInvite == null) {
            call.fallback.offerWithFreshIce(direction); // RFC 8839 §4.4.3.1: the next offer restarts ICE
            return;
        }
        if (call.state != CallState.ESTABLISHED || call.ice == null || ourReInvite != null || answerInAck) {
            call.emit(new CallEvent.Warning("re-offer not possible now (" + call.state + ")"));
            return;
        }
        ourOffer = MediaDirection.withDirection(offer(currentLocal()), direction);
        retried = false;
        restarting = false;
        ourMethod = Request.INVITE;
        sendReInvite();
    }

    /**
     * The updated offer after ICE completed (RFC 8839 §4.3.4): same credentials, no restart.
     *
     * @param update send it in an UPDATE (RFC 3311) rather than a re-INVITE
     * @return false if another offer/answer exchange is in progress
     */
    boolean sendUpdatedOffer(String sdp, boolean update) {
        return sendOffer(sdp, update ? Request.UPDATE : Request.INVITE, false);
    }

    /** The first offer after an RFC 3264 fallback: a fresh ICE session's description ({@link IceFallback}). */
    boolean sendFreshIceOffer(LocalIce local, String direction) {
        return sendOffer(MediaDirection.withDirection(offer(local), direction), Request.INVITE, true);
    }

    private boolean sendOffer(String sdp, String method, boolean restart) {
        if (call.state != CallState.ESTABLISHED || ourReInvite != null || "".equals(ourOffer) || answerInAck) {
            return false;
        }
        ourOffer = sdp;
        retried = false;
        restarting = restart;
        ourMethod = method;
        sendReInvite();
        return ourReInvite != null;
    }

    private void sendReInvite() {
        if (call.state != CallState.ESTABLISHED) {
            return;
        }
        try {
            Dialog dialog = call.dialog();
            Request invite = dialog.createRequest(ourMethod);
            invite.addHeader(call.context.contact());
            if (Request.INVITE.equals(ourMethod)) {
                AllowedMethods.add(invite, call.context); // RFC 3261 §20.5
            }
            call.setSdp(invite, ourOffer);
            ourReInvite = call.context.provider.getNewClientTransaction(invite);
            acked = false;
            long at = System.nanoTime();
            dialog.sendRequest(ourReInvite);
            call.emit(at, SipMessages.sent(invite));
        } catch (Exception e) {
            ourReInvite = null;
            call.emit(new CallEvent.Warning("cannot send the " + ourMethod + ": " + e.getMessage()));
        }
    }

    /** True if {@code event} answers our re-INVITE (and was handled here). */
    boolean onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (ourReInvite == null || !ourMethod.equals(cseq.getMethod())
                || cseq.getSeqNumber() != ((CSeqHeader) ourReInvite.getRequest().getHeader(CSeqHeader.NAME))
                        .getSeqNumber()) {
            return false;
        }
        int status = response.getStatusCode();
        if (status < 200) {
            return true;
        }
        if (status < 300) {
            onSuccess(response, cseq.getSeqNumber());
        } else if (status == Response.REQUEST_PENDING && !retried) {
            // RFC 3261 §14.1: glare. Retry once after 2.1-4 s if we own the Call-ID, else 0-2 s.
            retried = true;
            ourReInvite = null;
            long ms = call.isOutgoing() ? ThreadLocalRandom.current().nextLong(2100, 4001)
                    : ThreadLocalRandom.current().nextLong(0, 2001);
            Executors.timer().schedule(() -> call.serial.execute(this::sendReInvite), ms, TimeUnit.MILLISECONDS);
        } else {
            ourReInvite = null;
            call.emit(new CallEvent.Warning("the " + ourMethod + " failed: " + status + " " + response.getReasonPhrase()
                    + "; the previous ICE selection stays in force"));
        }
        return true;
    }

    private void onSuccess(Response response, long cseq) {
        // RFC 3311: an UPDATE's 200 is not ACKed.
        if (Request.INVITE.equals(ourMethod) && !ackReInvite(cseq)) {
            return;
        }
        answered(response);
    }

    /** ACKs the 200 to our re-INVITE; false for a retransmitted 200 (re-ACKed, nothing else). */
    private boolean ackReInvite(long cseq) {
        try {
            Dialog dialog = call.dialog();
            Request ack = dialog.createAck(cseq);
            long at = System.nanoTime();
            dialog.sendAck(ack);
            if (acked) {
                return false;
            }
            acked = true;
            call.emit(at, SipMessages.sent(ack));
            return true;
        } catch (Exception e) {
            call.emit(new CallEvent.Warning("cannot ACK the re-INVITE: " + e.getMessage()));
            return false;
        }
    }

    private void answered(Response response) {
        ourReInvite = null;
        AnswerToOurOffer.take(call, response, ourOffer, ourMethod, restarting);
    }

    // ---- helpers -------------------------------------------------------------------------

    private String offer(LocalIce local) {
        return OfferAnswer.offer(local, call.context.config.ice().rtcpMux(), call.origin.next(),
                call.context.config.ice().ta().toMillis());
    }

    private LocalIce currentLocal() {
        return CurrentDescription.of(call); // RFC 8839 §4.4.1.2.2
    }

    boolean respond(ServerTransaction st, Request request, int status, String sdp, String warning,
            javax.sip.header.Header... more) {
        try {
            Response r = call.context.messages.createResponse(status, request);
            for (javax.sip.header.Header h : more) {
                r.addHeader(h);
            }
            if (status >= 200 && status < 300) {
                r.addHeader(call.context.contact());
                AllowedMethods.add(r, call.context); // RFC 3261 §20.5
            }
            if (warning != null) {
                r.addHeader(call.context.warning(warning)); // RFC 3261 §20.43
            }
            if (status == Response.SERVER_INTERNAL_ERROR) {
                RetryAfter.add(r, call.context); // RFC 3261 §14.2
            }
            if (sdp != null) {
                call.setSdp(r, sdp);
            }
            call.respond(st, r);
            if (status >= 200 && status < 300 && Request.INVITE.equals(request.getMethod())) {
                answeredReInvite = st;
            }
            return true;
        } catch (Exception e) {
            LOG.debug("{}: cannot answer {} with {}: {}", call.id(), request.getMethod(), status, e.toString());
            return false;
        }
    }
}

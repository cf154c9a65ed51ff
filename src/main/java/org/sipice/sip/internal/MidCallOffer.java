package org.sipice.sip.internal;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * Offers inside an established dialog, on either side of the call: the peer's re-INVITE or
 * UPDATE with SDP (same ICE credentials: no restart; new ones: ICE restart, RFC 8839 §4.4.1.1.1,
 * decided by {@link IceRestart}), an offerless re-INVITE (offer in our 200, answer in the ACK:
 * RFC 8839 §7.5, RFC 3725 §7), and the glare rules between those and our own offers ({@link
 * OurOffer}: restart, hold/resume, updated offer, 491 back-off; RFC 3261 §14). Runs on the call's
 * executor.
 */
final class MidCallOffer {
    private static final Logger LOG = LogManager.getLogger(MidCallOffer.class);

    private final CallBase call;
    /** Our 200 to an offerless re-INVITE carried an offer: the answer comes in the ACK. */
    private boolean answerInAck;
    /** The peer's offer awaits our final response (we are gathering for an ICE restart). */
    private boolean theirOfferPending;
    /** The last re-INVITE we answered 2xx: its ACK stops the RI's retransmissions ({@link LateAck}). */
    private ServerTransaction answeredReInvite;

    /** Our own offers, the other direction. */
    private final OurOffer ours;

    MidCallOffer(CallBase call) {
        this.call = call;
        this.ours = new OurOffer(call, this);
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
        if (call.fallback.moving()) {
            // RFC 3261 §14.2: like a second INVITE before our first is settled, 500 + Retry-After.
            respond(st, request, Response.SERVER_INTERNAL_ERROR, null, "media is moving to plain RFC 3264");
            return;
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
        if (ours.pending() || answerInAck) {
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
        if (!IceRestart.isRestart(call.remoteIce, remote.get())) {
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

    // ---- our own offers ({@link OurOffer}) -------------------------------------------------

    /** Our 200 to an offerless re-INVITE carried an offer: its answer is due in the ACK. */
    boolean answerDueInAck() {
        return answerInAck;
    }

    void restartIce() {
        ours.restartIce();
    }

    void reOffer(String direction) {
        ours.reOffer(direction);
    }

    boolean sendUpdatedOffer(String sdp, boolean update) {
        return ours.sendUpdatedOffer(sdp, update);
    }

    boolean sendFreshIceOffer(LocalIce local, String direction) {
        return ours.sendFreshIceOffer(local, direction);
    }

    /** True if {@code event} answers our re-INVITE or UPDATE (and was handled). */
    boolean onResponse(ResponseEvent event) {
        return ours.onResponse(event);
    }

    // ---- helpers -------------------------------------------------------------------------

    String offer(LocalIce local) {
        return OfferAnswer.offer(local, call.context.config.ice().rtcpMux(), call.origin.next(),
                call.context.config.ice().ta().toMillis());
    }

    LocalIce currentLocal() {
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

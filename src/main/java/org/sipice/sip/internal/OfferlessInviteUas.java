package org.sipice.sip.internal;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * An INVITE without an offer, callee side (RFC 3261 §13.2.1; third-party call control, RFC 3725
 * Flow I). We become the offerer and so the controlling agent (RFC 8445 §6.1.1).
 *
 * <p>Caller with 100rel, RFC 8839 §7.1.2 ("SHOULD"): the offer in a reliable 183, the answer in
 * the PRACK (RFC 3262 §5), checks, then the ringing gate as for an offered INVITE; the 200 OK
 * carries no SDP (the exchange is complete).
 *
 * <pre>
 *   INVITE (no SDP)  -->
 *                    <--  100 Trying
 *                    <--  183 Session Progress (offer, 100rel)
 *   PRACK (answer)   -->
 *                    <--  200 OK (PRACK)
 *        ... connectivity checks; the ringing gate holds ...
 *                    <--  180 Ringing
 *                    <--  200 OK (INVITE, no SDP)
 *   ACK              -->
 * </pre>
 *
 * <p>Caller without 100rel: an offer may only go in a reliable response (RFC 3261 §13.2.1), so
 * it goes in the 200 OK and the answer comes in the ACK. ICE can only start after the ACK,
 * after the callee picked up: the ringing gate cannot wait for it, so it opens at once (reported
 * as {@link CallEvent.RingingGateOpened} with {@code iceReady=false} and a {@link
 * CallEvent.Warning}) and the 180 goes out without waiting. RFC 8839 §7.1.2 allows this flow and
 * warns about the post-pickup delay it causes.
 *
 * <p>A missing or unusable answer: in the PRACK, 488 to the PRACK and 488 to the INVITE, both with
 * a Warning (RFC 3261 §21.4.26); in the ACK, the session cannot be used, so we end it with a BYE
 * carrying a Reason (RFC 3326) and a Warning (RFC 3261 §13.2.1: the answer to an offer in the 2xx is in the ACK).
 */
final class OfferlessInviteUas {
    private final UasCall call;
    /** Our offer went out in a reliable 183: the answer is due in its PRACK. */
    private boolean answerInPrack;
    /** Our offer goes out in the 200: the answer is due in the ACK. */
    private boolean answerInAck;

    OfferlessInviteUas(UasCall call) {
        this.call = call;
    }

    /** The INVITE has no body: answer 100 at once, gather, then offer. */
    void start() {
        try {
            // Our own 100 now: the RI's automatic one (200 ms later) would race the 183. Unless
            // OwnTrying's deadline passed while this call waited for its executor: it sent one.
            if (call.trying.claim()) {
                call.respond(call.inviteTx, call.context.messages.createResponse(Response.TRYING, call.invite));
            }
        } catch (Exception e) {
            call.fail(Response.SERVER_INTERNAL_ERROR, "cannot send 100: " + e.getMessage());
            return;
        }
        call.apply(new CallChange.NewSession(call.context.sessions.create(IceRole.CONTROLLING, call::onIceEvent)));
        call.listener.incomingCall(call);
        if (call.state == CallState.ENDED) {
            return;
        }
        call.ice.gather().whenComplete((local, error) -> call.serial.execute(() -> onGathered(local, error)));
    }

    private void onGathered(LocalIce local, Throwable error) {
        if (call.state == CallState.ENDED) {
            return;
        }
        if (error != null) {
            call.fail(Response.SERVER_INTERNAL_ERROR, "ICE gathering failed: " + CallBase.rootMessage(error));
            return;
        }
        var config = call.context.config;
        String offer = OfferAnswer.offer(local, config.ice().rtcpMux(), call.origin.next(),
                config.ice().ta().toMillis());
        call.apply(new CallChange.Described(local));
        if (SipMessages.isSupportedOrRequired(call.invite, "100rel")) {
            try {
                EarlyAnswer.reliable183(call, call.inviteTx, offer, call.toTag);
            } catch (Exception e) {
                call.fail(Response.SERVER_INTERNAL_ERROR, "cannot send the reliable 183: " + e.getMessage());
                return;
            }
            answerInPrack = true;
            call.earlyExchange(null, new EarlyAnswer.Sent(true, null)); // the 200 carries no SDP
            call.armGate(null); // we made the offer: nothing in it to be inactive
        } else {
            answerInAck = true;
            call.earlyExchange(offer, EarlyAnswer.Sent.NOTHING); // the 200 carries the offer
            call.emit(new CallEvent.Warning("the caller does not support 100rel: our offer goes in the 200 OK and"
                    + " ICE runs after the ACK, so alerting cannot wait for ICE (RFC 8839 §7.1.2)"));
            call.openGate(false);
        }
    }

    /**
     * A PRACK. Returns false if it carried no usable answer to the offer of our reliable 183: it
     * was then answered 488 and the call failed (the 183 is acknowledged all the same).
     */
    boolean onPrack(RequestEvent event) {
        if (!answerInPrack) {
            return true;
        }
        answerInPrack = false;
        RemoteIce remote;
        try {
            remote = answerIn(event.getRequest());
        } catch (IllegalArgumentException e) {
            String why = "no usable answer in the PRACK: " + e.getMessage();
            rejectPrack(event, why);
            call.fail(Response.NOT_ACCEPTABLE_HERE, why);
            return false;
        }
        call.okay(event);
        startChecks(remote);
        return true;
    }

    /** The ACK of our 200: carries the answer when our offer went in the 200. */
    void onAck(Request ack) {
        if (!answerInAck) {
            return;
        }
        answerInAck = false;
        try {
            startChecks(answerIn(ack));
        } catch (IllegalArgumentException e) {
            failEstablished("no usable answer in the ACK: " + e.getMessage());
        }
    }

    private void startChecks(RemoteIce remote) {
        call.apply(new CallChange.ChecksStarted(remote));
    }

    /** The peer's ICE answer in {@code request}; the exception says what is wrong with it. */
    private static RemoteIce answerIn(Request request) {
        if (!SipMessages.hasSdp(request)) {
            throw new IllegalArgumentException("the " + request.getMethod() + " carries no SDP");
        }
        IceDescription answer;
        try {
            answer = OfferAnswer.parse(request.getRawContent());
        } catch (IceSdpException e) {
            throw new IllegalArgumentException("malformed SDP: " + e.getMessage());
        }
        if (OfferAnswer.firstAudio(answer).isEmpty()) {
            throw new IllegalArgumentException("the answer accepts no audio stream");
        }
        return OfferAnswer.remoteIce(answer).orElseThrow(
                () -> new IllegalArgumentException("the answer has no ICE credentials or candidates"));
    }

    private void rejectPrack(RequestEvent event, String why) {
        try {
            ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : call.context.provider.getNewServerTransaction(event.getRequest());
            Response r = call.context.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, event.getRequest());
            r.addHeader(call.context.warning(why));
            call.respond(st, r);
        } catch (Exception e) {
            call.emit(new CallEvent.Warning("cannot answer the PRACK: " + e.getMessage()));
        }
    }

    /**
     * Ends the established call we cannot use: BYE with a Reason (RFC 3326) and a Warning; the
     * call ends, as a failure, when the BYE is answered.
     */
    private void failEstablished(String why) {
        call.emit(new CallEvent.Warning(why));
        call.byeForFailure(why);
    }
}

package org.sipice.sip.internal;

import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.ice.LocalIce;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * Our own offers inside an established dialog, on either side of the call: an ICE restart
 * (new credentials, RFC 8839 §4.4.1.1.1), hold and resume (same credentials, RFC 8839
 * §4.4.1.1.2), the updated offer (RFC 8839 §4.3.4, in an UPDATE when the peer allows it, RFC
 * 3311) and the first offer after an RFC 3264 fallback (a fresh session, RFC 8839 §4.4.3.1). One
 * at a time, retried once after a 491 (RFC 3261 §14.1); the answer goes to {@link
 * AnswerToOurOffer}. The peer's offers, and the glare rules between theirs and ours: {@link
 * MidCallOffer}. Runs on the call's executor.
 */
final class OurOffer {
    private final CallBase call;
    private final MidCallOffer mid;
    private ClientTransaction ourReInvite;
    /** INVITE, or UPDATE for an updated offer to a peer that allows it (RFC 3311). */
    private String ourMethod = Request.INVITE;
    private String ourOffer;
    private boolean acked;
    private boolean retried;
    /** Our pending re-INVITE restarts ICE (else it only changes the direction). */
    private boolean restarting;

    OurOffer(CallBase call, MidCallOffer mid) {
        this.call = call;
        this.mid = mid;
    }

    /** Our offer awaits its answer (a 491 back-off does not count: the peer may offer meanwhile). */
    boolean pending() {
        return ourReInvite != null;
    }

    /** RFC 8839 §4.4.1.1.1: a re-INVITE with new credentials; the answer comes in the 200. */
    void restartIce() {
        if (call.fallback.active() && ourReInvite == null) {
            call.fallback.offerWithFreshIce(MediaDirection.SENDRECV); // RFC 8839 §4.4.3.1
            return;
        }
        if (call.state != CallState.ESTABLISHED || call.ice == null || ourReInvite != null || mid.answerDueInAck()) {
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
            ourOffer = mid.offer(local);
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
        if (call.state != CallState.ESTABLISHED || call.ice == null || ourReInvite != null || mid.answerDueInAck()) {
            call.emit(new CallEvent.Warning("re-offer not possible now (" + call.state + ")"));
            return;
        }
        ourOffer = MediaDirection.withDirection(mid.offer(mid.currentLocal()), direction);
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
        return sendOffer(MediaDirection.withDirection(mid.offer(local), direction), Request.INVITE, true);
    }

    private boolean sendOffer(String sdp, String method, boolean restart) {
        if (call.state != CallState.ESTABLISHED || ourReInvite != null || "".equals(ourOffer) || mid.answerDueInAck()) {
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
            long at = call.context.timers.nanoTime();
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
            // RFC 3261 §14.1: glare. Retry once after 2.1-4 s if we own the Call-ID (we called), else 0-2 s.
            retried = true;
            ourReInvite = null;
            GlareBackoff.schedule(call.context.timers, call.serial, call.isOutgoing(), ThreadLocalRandom.current(),
                    this::sendReInvite);
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
            long at = call.context.timers.nanoTime();
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
}

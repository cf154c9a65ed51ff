package org.sipice.sip.internal;

import java.util.Arrays;
import javax.sip.Dialog;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceDescription;
import org.sipice.sdp.IceSdpException;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallState;

/**
 * Our INVITE without an offer, caller side ({@code IceUserAgent.callWithoutOffer}; what a third
 * party call controller sends, RFC 3725 Flow I). The callee makes the offer and is the
 * controlling agent; we answer and are controlled (RFC 8445 §6.1.1).
 *
 * <p>RFC 3261 §13.2.1: the offer comes in the first reliable non-failure response, a reliable
 * 18x (RFC 3262 §5: the answer goes in its PRACK) or the 2xx (the answer goes in the ACK). An
 * SDP in an unreliable 18x is not an offer: it is ignored with a warning, the 200 will carry the
 * offer. Later copies must be identical (RFC 3261 §13.2.1; a warning otherwise, the first kept).
 *
 * <p>An unusable offer: in a reliable 18x we cannot answer, so the call is CANCELled; in the 2xx
 * we ACK (without an answer: we cannot make a valid one) then send BYE at once (RFC 3261
 * §13.2.2.4). A 2xx without any offer gets the same ACK and BYE.
 *
 * <p>Forked (RFC 3261 §12.1): each fork offers in its own early dialog and gets its own session
 * and answer ({@link ForkedDialogs}); the first fork's offer takes the session created before
 * the INVITE. A later fork's offer that comes only in its 2xx is not answered.
 */
final class OfferlessInviteUac {
    private final UacCall call;
    private final ForkedDialogs forks;
    /** The offer as first received. */
    private byte[] offer;
    /** Our answer to an offer in a reliable 18x, until its PRACK takes it. */
    private String prackAnswer;
    /** Our answer to an offer in the 2xx: every ACK of it (retransmissions too) carries it. */
    private String ackAnswer;
    /** Why the offer/answer exchange failed, to end the call after the ACK, or null. */
    private String failure;

    OfferlessInviteUac(UacCall call, ForkedDialogs forks) {
        this.call = call;
        this.forks = forks;
    }

    /**
     * A second fork's offer in a reliable 18x (a forking proxy, RFC 3261 §12.1): its own session
     * gathers, then its PRACK carries the answer; that RSeq is claimed now so the call does not
     * PRACK it without one (RFC 3262 §5).
     */
    private void otherFork(Response response, Dialog early, String tag) {
        javax.sip.header.RSeqHeader rseq = (javax.sip.header.RSeqHeader) response.getHeader(
                javax.sip.header.RSeqHeader.NAME);
        if (tag == null || early == null || rseq == null || !forks.newRseq(tag, rseq.getSequenceNumber())) {
            return;
        }
        IceDescription description;
        RemoteIce remote;
        try {
            description = OfferAnswer.parse(response.getRawContent());
            remote = OfferAnswer.remoteIce(description).orElseThrow(
                    () -> new IllegalArgumentException("the offer has no ICE credentials or candidates"));
        } catch (IllegalArgumentException e) {
            call.emit(new CallEvent.Warning("fork " + tag + ": unusable offer, not answered: " + e.getMessage()));
            return;
        }
        IceSession ice = forks.startOfferedFork(tag, response.getRawContent(), IceRole.CONTROLLED);
        ice.gather().whenComplete((local, error) -> call.serial.execute(() -> {
            if (error != null || forks.isGone(tag) || call.state == CallState.ENDED) {
                return;
            }
            var config = call.context.config;
            try {
                Request prack = early.createPrack(response);
                call.setSdp(prack, OfferAnswer.answer(description, local, config.ice().rtcpMux(),
                        call.origin.next(), config.ice().ta().toMillis()));
                long at = call.context.timers.nanoTime();
                early.sendRequest(call.context.provider.getNewClientTransaction(prack));
                call.emit(at, SipMessages.sent(prack));
                ice.start(remote);
            } catch (Exception e) {
                call.emit(new CallEvent.Warning("fork " + tag + ": cannot PRACK: " + e.getMessage()));
            }
        }));
    }

    /**
     * Reads an offer from a response to our INVITE. Returns false if the call was aborted (an
     * unusable offer in a reliable 18x).
     */
    boolean onResponse(Response response, Dialog early) {
        int status = response.getStatusCode();
        if (!SipMessages.hasSdp(response) || status >= 300) {
            return true;
        }
        byte[] body = response.getRawContent();
        String tag = ForkedDialogs.toTag(response);
        byte[] known = offer == null ? null : forks.sdpOf(tag);
        if (known != null || offer != null && tag == null) {
            if (!Arrays.equals(known != null ? known : offer, body)) {
                call.emit(new CallEvent.Warning("a later copy of the offer differs from the first; the first is kept"));
            }
            return true;
        }
        if (offer != null && status >= 200) {
            failure = "fork " + tag + " offered only in its 2xx, after another fork's offer: not answered";
            return true; // ACK, then BYE
        }
        boolean reliable = status >= 200 || SipMessages.isRequired(response, "100rel");
        if (!reliable) {
            call.emit(new CallEvent.Warning("an offer in an unreliable " + status
                    + " is ignored (RFC 3261 §13.2.1); the 200 OK will carry it"));
            return true;
        }
        if (offer != null) {
            otherFork(response, early, tag);
            return true;
        }
        offer = body;
        forks.adoptFirst(tag, body);
        try {
            answer(response);
            return true;
        } catch (IllegalArgumentException e) {
            failure = "unusable offer in the " + status + ": " + e.getMessage();
            if (status < 200) {
                call.abort(failure);
                return false;
            }
            return true; // ACK first, then BYE (RFC 3261 §13.2.2.4)
        }
    }

    private void answer(Response response) {
        IceDescription description;
        try {
            description = OfferAnswer.parse(response.getRawContent());
        } catch (IceSdpException e) {
            throw new IllegalArgumentException("malformed SDP: " + e.getMessage());
        }
        RemoteIce remote = OfferAnswer.remoteIce(description).orElseThrow(
                () -> new IllegalArgumentException("the offer has no ICE credentials or candidates"));
        var config = call.context.config;
        String answer = OfferAnswer.answer(description, call.localIce, config.ice().rtcpMux(),
                call.origin.next(), config.ice().ta().toMillis());
        if (response.getStatusCode() < 200) {
            prackAnswer = answer;
        } else {
            ackAnswer = answer;
        }
        call.apply(new CallChange.ChecksStarted(remote));
    }

    /** The answer for the PRACK being built, once; null if none is due. */
    String takePrackAnswer() {
        String a = prackAnswer;
        prackAnswer = null;
        return a;
    }

    /** The answer for the ACK of the 2xx, or null if the exchange completed before it. */
    String ackAnswer() {
        return ackAnswer;
    }

    /**
     * After the ACK of the 2xx: why the call cannot go on (no offer at all, or an unusable one),
     * or null.
     */
    String failureAfterAck() {
        if (failure == null && offer == null) {
            failure = "the 200 OK carries no offer to our offerless INVITE (RFC 3261 §13.2.1)";
        }
        return failure;
    }
}

package org.sipice.sip.internal;

import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.sip.EarlyAnswerMode;

/**
 * Sends the callee's ICE answer before the call is answered, so checks run before ringing
 * (RFC 8839 §7.1.1; the seed's "candidates in a provisional response").
 */
final class EarlyAnswer {
    private EarlyAnswer() {
    }

    /**
     * Sends the answer as {@code mode} says.
     *
     * @return true if a reliable 183 is now waiting for its PRACK
     */
    static boolean send(CallBase call, ServerTransaction inviteTx, Request invite, String answerSdp, String toTag,
            EarlyAnswerMode mode) throws Exception {
        boolean peerHas100rel = CallBase.isSupportedOrRequired(invite, "100rel");
        boolean reliable = (mode == EarlyAnswerMode.RELIABLE_183 || mode == EarlyAnswerMode.AUTO) && peerHas100rel;
        // RELIABLE_183 toward a caller without 100rel falls back to the 100 Trying path.
        if (mode == EarlyAnswerMode.TRYING_100 || mode == EarlyAnswerMode.AUTO || !reliable) {
            trying(call, inviteTx, invite, answerSdp);
        }
        if (reliable) {
            reliable183(call, inviteTx, answerSdp, toTag);
        }
        return reliable;
    }

    /**
     * The answer in our own 100 Trying, sent before JAIN-SIP's automatic bodyless one (200 ms
     * after the transaction exists). Works only without a stateful proxy (RFC 3261 §21.1.1: 100
     * is hop by hop) and cannot be reliable (RFC 3262 §3).
     */
    private static void trying(CallBase call, ServerTransaction inviteTx, Request invite, String answerSdp)
            throws Exception {
        Response trying = call.context.messages.createResponse(Response.TRYING, invite);
        call.setSdp(trying, answerSdp);
        call.respond(inviteTx, trying);
    }

    /** RFC 3262: the answer in a reliable 183, which the caller acknowledges with PRACK. */
    private static void reliable183(CallBase call, ServerTransaction inviteTx, String answerSdp, String toTag)
            throws Exception {
        Dialog dialog = inviteTx.getDialog();
        Response progress = dialog.createReliableProvisionalResponse(Response.SESSION_PROGRESS);
        // The RI sets no To-tag and refuses to send without one (reference/jain-sip.md §5).
        ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag(toTag);
        progress.setReasonPhrase("Session Progress"); // RFC 3261 §21.1.5 (the RI writes "progress")
        progress.addHeader(call.context.contact());
        call.setSdp(progress, answerSdp);
        long at = System.nanoTime();
        // Dialog.sendReliableProvisionalResponse, not the transaction's: only the dialog's
        // version lets the PRACK match (RestComm/jain-sip#192).
        dialog.sendReliableProvisionalResponse(progress);
        call.emit(at, CallBase.sent(progress));
    }
}

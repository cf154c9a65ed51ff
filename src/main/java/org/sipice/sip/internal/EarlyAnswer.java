package org.sipice.sip.internal;

import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.sip.EarlyAnswerMode;

/**
 * Sends the callee's ICE answer before the call is answered, so checks run before ringing
 * (RFC 8839 §7.1.1: candidates in a provisional response).
 *
 * <table>
 *   <caption>What goes out, by mode and by whether the caller supports 100rel</caption>
 *   <tr><th>mode</th><th>caller with 100rel</th><th>caller without</th></tr>
 *   <tr><td>TRYING_100</td><td>100</td><td>100</td></tr>
 *   <tr><td>RELIABLE_183</td><td>reliable 183</td><td>retransmitted 183</td></tr>
 *   <tr><td>RETRANSMITTED_183</td><td>retransmitted 183</td><td>retransmitted 183</td></tr>
 *   <tr><td>AUTO</td><td>100 + reliable 183</td><td>100 + retransmitted 183</td></tr>
 * </table>
 */
final class EarlyAnswer {

    /**
     * What the early answer left in flight.
     *
     * @param prackPending   a reliable 183 waits for its PRACK (no 2xx before it, RFC 3262 §3)
     * @param retransmitting the unreliable 183 being repeated, or null
     */
    record Sent(boolean prackPending, RetransmittedProgress retransmitting) {
        /** Nothing in flight: no early answer, or only in a 100 Trying. */
        static final Sent NOTHING = new Sent(false, null);
    }

    private EarlyAnswer() {
    }

    /**
     * Sends the answer as {@code mode} says; {@code peerIsLite} bounds the 183 retransmissions.
     * {@code tryingFree} false: our 100 Trying already went out without the answer ({@link
     * OwnTrying}: the answer was not ready in time), so a mode that puts it in a 100 puts it in
     * the 183 instead (a second 100 would be taken for a retransmission, RFC 3261 §17.1.1.2).
     */
    static Sent send(CallBase call, ServerTransaction inviteTx, Request invite, String answerSdp, String toTag,
            EarlyAnswerMode mode, boolean peerIsLite, boolean tryingFree) throws Exception {
        Plan plan = plan(mode, SipMessages.isSupportedOrRequired(invite, "100rel"), tryingFree);
        if (plan.inTrying()) {
            trying(call, inviteTx, invite, answerSdp);
        }
        switch (plan.progress()) {
            case RELIABLE_183:
                reliable183(call, inviteTx, answerSdp, toTag);
                return new Sent(true, null);
            case RETRANSMITTED_183:
                return new Sent(false, RetransmittedProgress.start(call, inviteTx,
                        progress(call, inviteTx, invite, answerSdp, toTag), peerIsLite));
            default:
                return Sent.NOTHING;
        }
    }

    /** The 183 that carries the early answer, if any. */
    enum Progress {
        NONE, RELIABLE_183, RETRANSMITTED_183
    }

    /**
     * Which responses carry the early answer; the 200 carries it too, always.
     *
     * @param inTrying our own 100 Trying (RFC 3261 §21.1.1: hop by hop; never reliable, RFC 3262 §3)
     * @param progress a reliable 183 (RFC 3262, the caller supports 100rel) or one repeated on the
     *     RFC 3262 back-off until the caller's first check (RFC 8839 §7.1.1), or none
     */
    record Plan(boolean inTrying, Progress progress) {
        /** "100, reliable 183, 200": the responses, in order, that carry the answer. */
        @Override
        public String toString() {
            String p = progress == Progress.NONE ? "" : progress.name().toLowerCase(java.util.Locale.ROOT)
                    .replace("_183", " 183") + ", ";
            return (inTrying ? "100, " : "") + p + "200";
        }
    }

    /** The table above, as a function; {@code tryingFree} as for {@link #send}. */
    static Plan plan(EarlyAnswerMode mode, boolean peerHas100rel, boolean tryingFree) {
        boolean inTrying = tryingFree && (mode == EarlyAnswerMode.TRYING_100 || mode == EarlyAnswerMode.AUTO);
        if (inTrying && mode == EarlyAnswerMode.TRYING_100) {
            return new Plan(true, Progress.NONE);
        }
        // A mode that wanted the answer in a 100 we can no longer send puts it in the 183 instead.
        return new Plan(inTrying, peerHas100rel && mode != EarlyAnswerMode.RETRANSMITTED_183
                ? Progress.RELIABLE_183 : Progress.RETRANSMITTED_183);
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

    /** An unreliable 183 with the answer; it creates the early dialog with our To-tag. */
    private static Response progress(CallBase call, ServerTransaction inviteTx, Request invite, String answerSdp,
            String toTag) throws Exception {
        Response progress = call.context.messages.createResponse(Response.SESSION_PROGRESS, invite);
        ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag(toTag);
        progress.setReasonPhrase("Session Progress");
        progress.addHeader(call.context.contact());
        call.setSdp(progress, answerSdp);
        return progress;
    }

    /** RFC 3262: the answer in a reliable 183, which the caller acknowledges with PRACK. */
    static void reliable183(CallBase call, ServerTransaction inviteTx, String answerSdp, String toTag)
            throws Exception {
        Dialog dialog = inviteTx.getDialog();
        Response progress = dialog.createReliableProvisionalResponse(Response.SESSION_PROGRESS);
        // The RI sets no To-tag and refuses to send without one (docs/JAIN-SIP.md §4).
        ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag(toTag);
        progress.setReasonPhrase("Session Progress"); // RFC 3261 §21.1.5 (the RI writes "progress")
        progress.addHeader(call.context.contact());
        call.setSdp(progress, answerSdp);
        long at = call.context.timers.nanoTime();
        // Dialog.sendReliableProvisionalResponse, not the transaction's: only the dialog's
        // version lets the PRACK match (RestComm/jain-sip#192).
        dialog.sendReliableProvisionalResponse(progress);
        call.emit(at, SipMessages.sent(progress));
    }
}

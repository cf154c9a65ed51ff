package org.sipice.sip.internal;

import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The UAS's one final response to the INVITE (RFC 3261 §13.3.1) and, for a 2xx, the wait for its
 * ACK ({@link AckTimeout}). Every method runs on the call's executor.
 */
final class UasFinalResponse {
    private static final Logger LOG = LogManager.getLogger(UasFinalResponse.class);

    private final UasCall call;
    private final AckTimeout ackTimeout = new AckTimeout();
    private boolean sent;

    UasFinalResponse(UasCall call) {
        this.call = call;
    }

    /** A final response to the INVITE has been sent (or was being sent when sending failed). */
    boolean isSent() {
        return sent;
    }

    /** 200 OK carrying {@code sdp} (or none); then waits for the ACK (RFC 3261 §13.3.1.4). */
    void sendOk(String sdp) throws Exception {
        Response ok = create(Response.OK);
        ok.addHeader(call.context.contact());
        AllowedMethods.add(ok, call.context); // RFC 3261 §20.5
        if (sdp != null) {
            call.setSdp(ok, sdp);
        }
        sent = true;
        call.respond(call.inviteTx, ok);
        ackTimeout.arm(call);
    }

    /** The ACK arrived, or the call ended: stop waiting for it. */
    void stopAckWait() {
        ackTimeout.cancel();
    }

    /**
     * RFC 3262 §3: a reliable provisional response that is never PRACKed ends the INVITE with a
     * 5xx. The RI reports the timeout (after 64*T1) but sends nothing itself. False when
     * {@code event} is not about our unanswered INVITE.
     */
    boolean onInviteTimeout(javax.sip.TimeoutEvent event) {
        if (!event.isServerTransaction() || event.getServerTransaction() != call.inviteTx || sent
                || call.state == org.sipice.sip.CallState.ENDED) {
            return false;
        }
        fail(Response.SERVER_INTERNAL_ERROR, "the reliable 183 was never acknowledged (RFC 3262 §3)");
        return true;
    }

    /** Fails the call with a final response carrying a Warning header that says why. */
    void fail(int status, String why) {
        fail(status, why, java.util.List.of());
    }

    /** As above, with {@code more} headers (the Unsupported of a 420, RFC 3261 §8.2.2.3). */
    void fail(int status, String why, java.util.List<Header> more) {
        LOG.info("{}: failing with {}: {}", call.id(), status, why);
        try {
            java.util.List<Header> headers = new java.util.ArrayList<>(more);
            headers.add(0, call.context.warning(why));
            if (status == 421) {
                headers.add(call.context.headers.createRequireHeader("ice")); // RFC 5768 §4.3: 421 carries Require: ice
            }
            send(status, null, headers.toArray(new Header[0]));
        } catch (Exception e) {
            send(status, null);
        }
        call.end(status + ": " + why, true);
    }

    /** Our final response to the INVITE, once: our To-tag, {@code extra} headers (Warning...). */
    void send(int status, String reasonPhrase, Header... extra) {
        if (sent) {
            return;
        }
        try {
            Response r = create(status);
            if (reasonPhrase != null) {
                r.setReasonPhrase(reasonPhrase);
            }
            for (Header h : extra) {
                r.addHeader(h);
            }
            sent = true;
            call.respond(call.inviteTx, r);
        } catch (Exception e) {
            LOG.warn("{}: cannot send {}: {}", call.id(), status, e.toString());
        }
    }

    private Response create(int status) throws Exception {
        Request invite = call.invite;
        Response r = call.context.messages.createResponse(status, invite);
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(call.toTag);
        return r;
    }
}

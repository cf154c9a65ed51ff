package org.sipice.thirdparty.internal;

import gov.nist.javax.sip.ResponseEventExt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.sip.CallEvent;

/**
 * The controller's dialog with one party: INVITE (with or without SDP), re-INVITE, ACK, CANCEL,
 * BYE. Everything runs on the controlled call's executor; outcomes are futures per INVITE
 * transaction. No media and no SDP semantics here: bodies go through as they are.
 */
final class Leg {
    private static final Logger LOG = LogManager.getLogger(Leg.class);

    /** Where a leg reports its SIP messages and its end. */
    interface Sink {
        void message(Leg leg, CallEvent.SipMessage message);

        void ended(Leg leg, String reason, boolean failure);
    }

    /** One INVITE transaction: the first SDP of any response, then the 2xx (its body) or the failure. */
    static final class InviteTx {
        final long cseq;
        final CompletableFuture<String> firstSdp = new CompletableFuture<>();
        final CompletableFuture<Optional<String>> success = new CompletableFuture<>();
        ClientTransaction transaction;
        Request ack;

        InviteTx(long cseq) {
            this.cseq = cseq;
        }

        void fail(String why) {
            IllegalStateException e = new IllegalStateException(why);
            firstSdp.completeExceptionally(e);
            success.completeExceptionally(e);
        }
    }

    final String party;
    final String target;
    final String callId;
    private final ControllerSip sip;
    private final Executor serial;
    private final Sink sink;
    private final PartyOrigin origin;
    private Dialog dialog;
    private InviteTx current;
    private boolean ended;
    /** hangup() was called: a 2xx that crosses our CANCEL is ACKed and ended with a BYE. */
    private boolean hangingUp;

    Leg(ControllerSip sip, Executor serial, Sink sink, String party, String target) {
        this.sip = sip;
        this.serial = serial;
        this.sink = sink;
        this.party = party;
        this.target = target;
        this.callId = sip.provider.getNewCallId().getCallId();
        this.origin = new PartyOrigin(sip.user);
    }

    boolean isEnded() {
        return ended;
    }

    /** The dialog-creating INVITE; {@code sdp} null sends none (RFC 3261 §13.2.1: the party offers). */
    InviteTx invite(String sdp) {
        InviteTx tx = new InviteTx(1);
        current = tx;
        try {
            URI uri = sip.addresses.createURI(target);
            Address to = sip.addresses.createAddress(uri);
            Request invite = sip.messages.createRequest(uri, Request.INVITE, sip.headers.createCallIdHeader(callId),
                    sip.headers.createCSeqHeader(1L, Request.INVITE),
                    sip.headers.createFromHeader(sip.addresses.createAddress(sip.localUri()), newTag()),
                    sip.headers.createToHeader(to, null),
                    List.of(sip.headers.createViaHeader(sip.host(), sip.port(), sip.transport(), null)),
                    sip.headers.createMaxForwardsHeader(70));
            invite.addHeader(sip.contact());
            // No Supported: 100rel: an offer from the party then comes in its 2xx and our answer in
            // the ACK (RFC 3261 §13.2.1), the one exchange every flow here needs.
            setSdp(invite, sdp);
            tx.transaction = sip.provider.getNewClientTransaction(invite);
            dialog = tx.transaction.getDialog();
            tx.transaction.sendRequest();
            sink.message(this, describe(CallEvent.Direction.SENT, invite));
        } catch (Exception e) {
            tx.fail("cannot INVITE " + party + ": " + e.getMessage());
            end("cannot INVITE " + party + ": " + e.getMessage(), true);
        }
        return tx;
    }

    /** A re-INVITE in the established dialog; {@code sdp} null: offerless (RFC 3725 §7). */
    InviteTx reInvite(String sdp) {
        InviteTx tx;
        try {
            Request reInvite = dialog.createRequest(Request.INVITE);
            reInvite.addHeader(sip.contact());
            setSdp(reInvite, sdp);
            tx = new InviteTx(((CSeqHeader) reInvite.getHeader(CSeqHeader.NAME)).getSeqNumber());
            current = tx;
            tx.transaction = sip.provider.getNewClientTransaction(reInvite);
            dialog.sendRequest(tx.transaction);
            sink.message(this, describe(CallEvent.Direction.SENT, reInvite));
        } catch (Exception e) {
            tx = new InviteTx(-1);
            tx.fail("cannot re-INVITE " + party + ": " + e.getMessage());
        }
        return tx;
    }

    /** ACKs the 2xx of {@code tx}, with {@code sdp} (our answer to an offer in the 2xx) or without. */
    void ack(InviteTx tx, String sdp) {
        try {
            Request ack = dialog.createAck(tx.cseq);
            setSdp(ack, sdp);
            dialog.sendAck(ack);
            tx.ack = ack;
            sink.message(this, describe(CallEvent.Direction.SENT, ack));
        } catch (Exception e) {
            end("cannot ACK " + party + ": " + e.getMessage(), true);
        }
    }

    /**
     * Ends the dialog whatever its state: BYE once confirmed, CANCEL while the INVITE is
     * pending; a 2xx not yet ACKed is first ACKed with a black hole answer if it carried an offer
     * (RFC 3261 §13.2.2.4: ACK, then BYE).
     */
    void hangup() {
        if (ended) {
            return;
        }
        hangingUp = true;
        InviteTx tx = current;
        if (tx != null && tx.success.isDone() && !tx.success.isCompletedExceptionally() && tx.ack == null) {
            Optional<String> offer = tx.success.join();
            ack(tx, offer.map(o -> BlackHole.answer(o, sip.host())).orElse(null));
        }
        if (dialog != null && dialog.getState() == DialogState.CONFIRMED) {
            try {
                Request bye = dialog.createRequest(Request.BYE);
                ClientTransaction ct = sip.provider.getNewClientTransaction(bye);
                dialog.sendRequest(ct);
                sink.message(this, describe(CallEvent.Direction.SENT, bye));
            } catch (Exception e) {
                end("cannot BYE " + party + ": " + e.getMessage(), true);
            }
        } else if (tx != null && tx.transaction != null && !tx.success.isDone()) {
            try {
                Request cancel = tx.transaction.createCancel();
                sip.provider.getNewClientTransaction(cancel).sendRequest();
                sink.message(this, describe(CallEvent.Direction.SENT, cancel));
            } catch (Exception e) {
                end("cannot CANCEL " + party + ": " + e.getMessage(), true);
            }
        } else {
            end("hung up", false);
        }
    }

    /** {@code sdp} with our {@code o=} line toward this party (RFC 3264 §8), ICE attributes untouched. */
    String forParty(String sdp) {
        return origin.rewrite(sdp);
    }

    // ---- JAIN-SIP events, posted by the dispatcher -----------------------------------------

    void onResponse(ResponseEvent event) {
        serial.execute(() -> handleResponse(event));
    }

    void onRequest(RequestEvent event) {
        serial.execute(() -> handleRequest(event));
    }

    void onTimeout(TimeoutEvent event) {
        serial.execute(() -> {
            InviteTx tx = current;
            if (!event.isServerTransaction() && tx != null && event.getClientTransaction() == tx.transaction) {
                tx.fail(party + " did not answer the INVITE (RFC 3261 Timer B)");
                if (tx.cseq == 1) {
                    end("INVITE to " + party + " timed out", true);
                }
            }
        });
    }

    private void handleResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        int status = response.getStatusCode();
        InviteTx tx = current;
        boolean retransmission = event instanceof ResponseEventExt ext && ext.isRetransmission();
        if (Request.INVITE.equals(cseq.getMethod()) && tx != null && cseq.getSeqNumber() == tx.cseq) {
            if (retransmission && status >= 200 && status < 300 && tx.ack != null) {
                resendAck(tx);
                return;
            }
            if (retransmission && !hasSdp(response)) {
                return;
            }
            sink.message(this, describe(CallEvent.Direction.RECEIVED, response));
            if (event.getDialog() != null) {
                dialog = event.getDialog();
            }
            String body = hasSdp(response) ? new String(response.getRawContent(), StandardCharsets.UTF_8)
                    : null;
            if (body != null) {
                tx.firstSdp.complete(body);
            }
            if (status >= 200 && status < 300) {
                tx.success.complete(Optional.ofNullable(body));
                if (hangingUp && tx.ack == null) {
                    hangup(); // the 2xx crossed our CANCEL (RFC 3261 §9.1): ACK it, then BYE
                }
            } else if (status >= 300) {
                tx.fail(status + " " + response.getReasonPhrase() + " from " + party);
                if (tx.cseq == 1) {
                    end(status + " " + response.getReasonPhrase() + " from " + party, status != 487);
                }
            }
        } else if (Request.BYE.equals(cseq.getMethod()) && status >= 200) {
            sink.message(this, describe(CallEvent.Direction.RECEIVED, response));
            end("hung up", false);
        } else if (!retransmission) {
            sink.message(this, describe(CallEvent.Direction.RECEIVED, response));
        }
    }

    private void resendAck(InviteTx tx) {
        try {
            dialog.sendAck(tx.ack); // RFC 3261 §13.2.2.4: every 2xx retransmission gets the ACK again
        } catch (Exception e) {
            LOG.debug("{}: cannot re-send the ACK: {}", party, e.toString());
        }
    }

    private void handleRequest(RequestEvent event) {
        Request request = event.getRequest();
        sink.message(this, describe(CallEvent.Direction.RECEIVED, request));
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        int status = Request.BYE.equals(request.getMethod()) ? Response.OK : Response.NOT_ACCEPTABLE_HERE;
        try {
            ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider.getNewServerTransaction(request);
            Response r = sip.messages.createResponse(status, request);
            if (status != Response.OK) {
                // The controller owns the session description between the parties: a party's own
                // re-offer would have to be relayed to the other one, which this controller does not do.
                r.addHeader(sip.headers.createWarningHeader(sip.host(), 399,
                        "the third-party controller does not relay offers from " + party));
            }
            st.sendResponse(r);
            sink.message(this, describe(CallEvent.Direction.SENT, r));
        } catch (Exception e) {
            LOG.debug("{}: cannot answer {}: {}", party, request.getMethod(), e.toString());
        }
        if (Request.BYE.equals(request.getMethod())) {
            end("BYE from " + party, false);
        }
    }

    private void end(String reason, boolean failure) {
        if (ended) {
            return;
        }
        ended = true;
        InviteTx tx = current;
        if (tx != null) {
            tx.fail("the dialog with " + party + " ended: " + reason);
        }
        sink.ended(this, reason, failure);
    }

    // ---- messages ------------------------------------------------------------------------

    private void setSdp(Message m, String sdp) throws ParseException {
        if (sdp != null) {
            m.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
        }
    }

    static boolean hasSdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return m.getRawContent() != null && m.getRawContent().length > 0 && ct != null
                && "sdp".equalsIgnoreCase(ct.getContentSubType());
    }

    private static CallEvent.SipMessage describe(CallEvent.Direction direction, Message m) {
        String cseq = ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getMethod();
        String label = m instanceof Request r ? r.getMethod()
                : ((Response) m).getStatusCode() + " " + ((Response) m).getReasonPhrase();
        return new CallEvent.SipMessage(direction, label, cseq, hasSdp(m), false);
    }

    private static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "Leg[" + party + " " + target + "]";
    }
}

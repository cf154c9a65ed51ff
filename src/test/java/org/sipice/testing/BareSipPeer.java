package org.sipice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.sip.SipEndpoint;

/**
 * A caller without sipice: a bare JAIN-SIP endpoint that sends the INVITE it is given (any SDP,
 * any headers), records every response with its arrival time, ACKs a 2xx and answers other
 * requests (BYE, ...) with 200; an incoming INVITE is only recorded. Tests wait on it with deadlines.
 */
public final class BareSipPeer implements AutoCloseable {

    /** A response as it arrived. */
    public record Arrival(long atNanos, Response response) {
        public int status() {
            return response.getStatusCode();
        }

        public String body() {
            byte[] raw = response.getRawContent();
            return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final SipEndpoint sip;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private volatile Dialog dialog;
    private volatile java.util.function.Function<Response, String> ackBody = r -> null;
    private volatile InviteHandler inviteHandler;

    /** What the peer does with an incoming INVITE, when told (by default it only records it). */
    public interface InviteHandler {
        void handle(ServerTransaction st, Request invite) throws Exception;
    }
    private volatile boolean acking = true;

    private BareSipPeer(SipEndpoint sip) throws Exception {
        this.sip = sip;
        SipFactory f = SipFactory.getInstance();
        this.addresses = f.createAddressFactory();
        this.headers = f.createHeaderFactory();
        this.messages = f.createMessageFactory();
        sip.provider().addSipListener(new Listener());
    }

    public static BareSipPeer start(String name) throws Exception {
        return new BareSipPeer(TestUserAgent.startEndpoint(name));
    }

    public HeaderFactory headers() {
        return headers;
    }

    public MessageFactory messages() {
        return messages;
    }

    /** The body of the ACK to a 2xx, from that 2xx (the answer to an offer in it); null: no body. */
    public void ackWith(java.util.function.Function<Response, String> body) {
        this.ackBody = body;
    }

    /** Answers incoming INVITEs with {@code handler}, in a server transaction the peer creates. */
    public void answerInvitesWith(InviteHandler handler) {
        this.inviteHandler = handler;
    }

    /** Builds an INVITE to {@code user} at {@code target} carrying {@code sdp} (null: no body). */
    public Request invite(String user, SipEndpoint target, String sdp) throws Exception {
        SipURI to = addresses.createSipURI(user, target.host());
        to.setPort(target.port());
        SipURI from = addresses.createSipURI("raw", sip.host());
        from.setPort(sip.port());
        List<ViaHeader> via = new ArrayList<>();
        via.add(headers.createViaHeader(sip.host(), sip.port(), "udp", null));
        Request invite = messages.createRequest(to, Request.INVITE, sip.provider().getNewCallId(),
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(from), "rawtag"),
                headers.createToHeader(addresses.createAddress(to), null), via, headers.createMaxForwardsHeader(70));
        invite.addHeader(headers.createContactHeader(addresses.createAddress(from)));
        if (sdp != null) {
            invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        }
        return invite;
    }

    /** Sends {@code request} in a new client transaction, which it returns (for a CANCEL). */
    public ClientTransaction send(Request request) throws Exception {
        ClientTransaction ct = sip.provider().getNewClientTransaction(request);
        ct.sendRequest();
        return ct;
    }

    /** CANCELs the INVITE of {@code invite} (RFC 3261 §9.1). */
    public void cancel(ClientTransaction invite) throws Exception {
        sip.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
    }

    /** From now on, a 2xx to INVITE gets no ACK: a caller that vanished after the answer. */
    public void stopAcking() {
        acking = false;
    }

    /** Sends a request created by {@link #dialog()} (a re-INVITE) within that dialog. */
    public void sendInDialog(Request request) throws Exception {
        dialog.sendRequest(sip.provider().getNewClientTransaction(request));
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The requests the peer received (BYE, re-INVITE, ...). */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits until {@code count} responses match {@code p}; returns them in arrival order. */
    public synchronized List<Arrival> await(Predicate<Arrival> p, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Arrival> matching = arrivals.stream().filter(p).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(count + " x " + what + " not received within " + timeout.toMillis()
                        + " ms; got " + arrivals.stream().map(a -> a.status() + "").toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * The responses received up to {@code untilNanos} (System.nanoTime). For asserting that
     * something did NOT arrive within a window the protocol defines.
     */
    public synchronized List<Arrival> arrivalsUntil(long untilNanos) throws InterruptedException {
        long left;
        while ((left = untilNanos - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(arrivals);
    }

    /** {@code sip:user@host:port} of this peer. */
    public String sipUri(String user) {
        return sip.uri(user);
    }

    /** Waits for the first received request of {@code method}. */
    public synchronized Request awaitRequest(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Request r : requests) {
                if (r.getMethod().equals(method)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + method + " within " + timeout.toMillis() + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The dialog of the call, once a response created one. */
    public Dialog dialog() {
        return dialog;
    }

    @Override
    public void close() {
        sip.close();
    }

    private final class Listener implements SipListener {
        @Override
        public void processResponse(ResponseEvent e) {
            Response r = e.getResponse();
            synchronized (BareSipPeer.this) {
                arrivals.add(new Arrival(System.nanoTime(), r));
                BareSipPeer.this.notifyAll();
            }
            if (e.getDialog() != null) {
                dialog = e.getDialog();
            }
            CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
            if (acking && r.getStatusCode() >= 200 && r.getStatusCode() < 300
                    && Request.INVITE.equals(cseq.getMethod()) && e.getDialog() != null) {
                try {
                    Request ack = e.getDialog().createAck(cseq.getSeqNumber());
                    String body = ackBody.apply(r);
                    if (body != null) {
                        ack.setContent(body, headers.createContentTypeHeader("application", "sdp"));
                    }
                    e.getDialog().sendAck(ack);
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot ACK", ex);
                }
            }
        }

        @Override
        public void processRequest(RequestEvent e) {
            Request request = e.getRequest();
            synchronized (BareSipPeer.this) {
                requests.add(request);
                BareSipPeer.this.notifyAll();
            }
            InviteHandler handler = inviteHandler;
            if (Request.INVITE.equals(request.getMethod()) && handler != null) {
                try {
                    handler.handle(e.getServerTransaction() != null ? e.getServerTransaction()
                            : sip.provider().getNewServerTransaction(request), request);
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot answer the INVITE", ex);
                }
                return;
            }
            if (Request.ACK.equals(request.getMethod()) || Request.INVITE.equals(request.getMethod())) {
                return; // an INVITE is only recorded: tests look at what we sent
            }
            try {
                ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                        : sip.provider().getNewServerTransaction(request);
                st.sendResponse(messages.createResponse(Response.OK, request));
            } catch (Exception ex) {
                throw new IllegalStateException("cannot answer " + request.getMethod(), ex);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent e) {
        }

        @Override
        public void processIOException(IOExceptionEvent e) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent e) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent e) {
        }
    }
}

package org.sipice.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sipice.sip.SipEndpoint;

/**
 * A callee without sipice: a bare JAIN-SIP endpoint that answers each INVITE or UPDATE with what
 * its {@link Script} says (a status and an SDP body, or nothing at all: a peer that vanished),
 * answers BYE and CANCEL (200, and 487 for the cancelled INVITE), records every request and every
 * response it gets, and can send requests of its own in the dialog. Tests wait on it with deadlines.
 */
public final class ScriptedUas implements AutoCloseable {

    /** What to answer to an INVITE or UPDATE; null: say nothing. */
    public record Reply(int status, String sdp, List<String> allow) {
        public static Reply ok(String sdp) {
            return new Reply(200, sdp, List.of());
        }
    }

    /** Decides the reply to each INVITE/UPDATE (initial or in-dialog). */
    @FunctionalInterface
    public interface Script extends Function<Request, Reply> {
    }

    /** A received request or response, in arrival order. */
    public record Message(long atNanos, Request request, Response response) {
        public String label() {
            return request != null ? request.getMethod()
                    : response.getStatusCode() + " (" + ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod()
                            + ")";
        }

        public String body() {
            byte[] raw = request != null ? request.getRawContent() : response.getRawContent();
            return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        }
    }

    private final SipEndpoint sip;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final List<Message> received = new ArrayList<>();
    private volatile Script script;
    private volatile Dialog dialog;
    private volatile ServerTransaction pendingInvite;
    private final String toTag = "uas" + Long.toHexString(System.nanoTime());

    private ScriptedUas(SipEndpoint sip, Script script) throws Exception {
        this.sip = sip;
        this.script = script;
        SipFactory f = SipFactory.getInstance();
        this.addresses = f.createAddressFactory();
        this.headers = f.createHeaderFactory();
        this.messages = f.createMessageFactory();
        sip.provider().addSipListener(new Listener());
    }

    public static ScriptedUas start(String name, Script script) throws Exception {
        return new ScriptedUas(TestUserAgent.startEndpoint(name), script);
    }

    /** Replaces the script (for the next request). */
    public void script(Script next) {
        this.script = next;
    }

    public String sipUri(String user) {
        return sip.uri(user);
    }

    public SipEndpoint sip() {
        return sip;
    }

    /** The dialog, once we answered an INVITE with 2xx. */
    public Dialog dialog() {
        return dialog;
    }

    /** Sends {@code method} in the dialog, with {@code sdp} (null: no body). */
    public void sendInDialog(String method, String sdp) throws Exception {
        Request r = dialog.createRequest(method);
        r.addHeader(headers.createContactHeader(addresses.createAddress(sip.uri("uas"))));
        if (sdp != null) {
            r.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        }
        ClientTransaction ct = sip.provider().getNewClientTransaction(r);
        dialog.sendRequest(ct);
    }

    public synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** Labels of what arrived: {@code INVITE}, {@code ACK}, {@code 200 (INVITE)}. */
    public synchronized List<String> ladder() {
        return received.stream().map(Message::label).toList();
    }

    /** Waits until {@code count} received messages match {@code p}; returns them. */
    public synchronized List<Message> await(Predicate<Message> p, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Message> matching = received.stream().filter(p).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(count + " x " + what + " not received within " + timeout.toMillis()
                        + " ms; got " + ladder());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the {@code n}th request of {@code method} (1-based). */
    public Message awaitRequest(String method, int n, Duration timeout) throws InterruptedException {
        return await(m -> m.request() != null && m.request().getMethod().equals(method), n, timeout,
                method).get(n - 1);
    }

    @Override
    public void close() {
        sip.close();
    }

    private synchronized void record(Message m) {
        received.add(m);
        notifyAll();
    }

    private void reply(ServerTransaction st, Request request, Reply reply) throws Exception {
        Response r = messages.createResponse(reply.status(), request);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(toTag);
        }
        r.addHeader(headers.createContactHeader(addresses.createAddress(sip.uri("uas"))));
        for (String method : reply.allow()) {
            r.addHeader(headers.createAllowHeader(method));
        }
        if (reply.sdp() != null) {
            r.setContent(reply.sdp(), headers.createContentTypeHeader("application", "sdp"));
        }
        st.sendResponse(r);
        if (reply.status() >= 200 && reply.status() < 300 && st.getDialog() != null) {
            dialog = st.getDialog();
        }
    }

    private final class Listener implements SipListener {
        @Override
        public void processRequest(RequestEvent e) {
            Request request = e.getRequest();
            record(new Message(System.nanoTime(), request, null));
            if (Request.ACK.equals(request.getMethod())) {
                return;
            }
            try {
                Reply reply = null;
                if (Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod())) {
                    reply = script.apply(request);
                    if (reply == null) {
                        return; // a peer that vanished: no transaction, so not even a 100 Trying
                    }
                }
                ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                        : sip.provider().getNewServerTransaction(request);
                switch (request.getMethod()) {
                    case Request.INVITE, Request.UPDATE -> {
                        if (Request.INVITE.equals(request.getMethod())) {
                            pendingInvite = st;
                        }
                        reply(st, request, reply);
                    }
                    case Request.CANCEL -> {
                        st.sendResponse(messages.createResponse(Response.OK, request));
                        ServerTransaction invite = pendingInvite;
                        if (invite != null) {
                            Response terminated = messages.createResponse(Response.REQUEST_TERMINATED,
                                    invite.getRequest());
                            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(toTag);
                            invite.sendResponse(terminated);
                        }
                    }
                    default -> st.sendResponse(messages.createResponse(Response.OK, request));
                }
            } catch (Exception ex) {
                throw new IllegalStateException("cannot answer " + request.getMethod(), ex);
            }
        }

        @Override
        public void processResponse(ResponseEvent e) {
            Response r = e.getResponse();
            record(new Message(System.nanoTime(), null, r));
            CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
            if (r.getStatusCode() >= 200 && r.getStatusCode() < 300 && Request.INVITE.equals(cseq.getMethod())
                    && e.getDialog() != null) {
                try {
                    e.getDialog().sendAck(e.getDialog().createAck(cseq.getSeqNumber()));
                } catch (Exception ex) {
                    throw new IllegalStateException("cannot ACK", ex);
                }
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

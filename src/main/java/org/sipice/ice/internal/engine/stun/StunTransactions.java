package org.sipice.ice.internal.engine.stun;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ice4j.StunException;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;

/**
 * The client transactions of one session (RFC 8489 §6.2.1, §6.3.3): each request is sent and
 * retransmitted on the session's {@link Scheduler} until a response with its transaction id
 * arrives or it times out. Not thread-safe: used on the session's thread only.
 *
 * <p>The caller decides what a response means (integrity, source address); this class only
 * matches ids, so a response whose integrity fails can be ignored while the transaction goes on
 * (RFC 8489 §6.3: a client discards a response it cannot authenticate).
 */
public final class StunTransactions {

    /** What became of a request. */
    public interface Outcome {
        /**
         * A response with the request's transaction id. Return false to ignore it (it failed
         * authentication) and keep the transaction running; true ends the transaction.
         */
        boolean onResponse(Response response, byte[] raw, InetSocketAddress from, Duration rtt);

        /** No acceptable response before the last retransmission's wait ended. */
        void onTimeout();
    }

    /** A transaction in progress; {@link #cancel()} stops its retransmissions. */
    public final class Transaction {
        private final TransactionId id;
        private final byte[] bytes;
        private final DatagramPort via;
        private final InetSocketAddress to;
        private final Retransmission policy;
        private final Outcome outcome;
        private int sent;
        private long lastSentNanos;
        private Scheduler.Timer timer;
        private boolean done;

        private Transaction(TransactionId id, byte[] bytes, DatagramPort via, InetSocketAddress to,
                Retransmission policy, Outcome outcome) {
            this.id = id;
            this.bytes = bytes;
            this.via = via;
            this.to = to;
            this.policy = policy;
            this.outcome = outcome;
        }

        public TransactionId id() {
            return id;
        }

        /** Requests sent so far (1 + retransmissions). */
        public int requestsSent() {
            return sent;
        }

        public boolean isDone() {
            return done;
        }

        /** Stops retransmitting and forgets the transaction; a late response is then not matched. */
        public void cancel() {
            finish();
        }

        private void transmit() {
            if (done) {
                return;
            }
            if (sent >= policy.maxRequests()) {
                finish();
                outcome.onTimeout();
                return;
            }
            sent++;
            lastSentNanos = scheduler.nanoTime();
            via.send(bytes, 0, bytes.length, to);
            timer = scheduler.schedule(policy.waitAfter(sent), this::transmit);
        }

        private void finish() {
            done = true;
            if (timer != null) {
                timer.cancel();
            }
            pending.remove(id);
        }
    }

    private final Scheduler scheduler;
    private final Map<TransactionId, Transaction> pending = new HashMap<>();

    public StunTransactions(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Encodes and sends {@code request} from {@code via} to {@code to}, with MESSAGE-INTEGRITY
     * under {@code key} (null for none) and FINGERPRINT, and retransmits it per {@code policy}.
     */
    public Transaction send(Request request, byte[] key, DatagramPort via, InetSocketAddress to,
            Retransmission policy, Outcome outcome) {
        return send(TransactionId.random(), request, key, via, to, policy, outcome);
    }

    /**
     * As {@link #send(Request, byte[], DatagramPort, InetSocketAddress, Retransmission, Outcome)}
     * with an id the caller chose (fresh from {@link TransactionId#random()}): TURN requests whose
     * XOR-PEER-ADDRESS is XORed with the transaction id when the attribute is made (RFC 8489
     * §14.2, an IPv6 peer's address) must carry that same id.
     */
    public Transaction send(TransactionId id, Request request, byte[] key, DatagramPort via, InetSocketAddress to,
            Retransmission policy, Outcome outcome) {
        try {
            request.setTransactionID(id.bytes());
        } catch (StunException e) {
            throw new IllegalStateException("12-byte transaction id refused", e);
        }
        Transaction t = new Transaction(id, StunCodec.encode(request, key, true), via, to, policy, outcome);
        pending.put(id, t);
        t.transmit();
        return t;
    }

    /**
     * Offers a received response to the transactions. True when it matched one in progress
     * (whether or not the outcome accepted it); false for an unknown or finished transaction.
     */
    public boolean onResponse(Response response, byte[] raw, InetSocketAddress from) {
        Transaction t = pending.get(TransactionId.of(response.getTransactionID()));
        if (t == null) {
            return false;
        }
        return offer(t, response, raw, from);
    }

    /**
     * Offers a response that arrived on {@code on}. It matches only a transaction whose request
     * left from that port: a response belongs to the 5-tuple its request used (RFC 8445
     * §7.2.5.2.1, RFC 7675 §5.1), so one with a known id that arrived on another port (forged,
     * or misrouted) is not offered to the outcome and the transaction goes on.
     *
     * @return true when it matched a transaction in progress on {@code on}
     */
    public boolean onResponse(DatagramPort on, Response response, byte[] raw, InetSocketAddress from) {
        Transaction t = pending.get(TransactionId.of(response.getTransactionID()));
        if (t == null || !t.via.equals(on)) {
            return false;
        }
        return offer(t, response, raw, from);
    }

    private boolean offer(Transaction t, Response response, byte[] raw, InetSocketAddress from) {
        // RFC 8445 §7.2.5.3.3 / RFC 6298 style: the round trip from the last transmission.
        Duration rtt = Duration.ofNanos(scheduler.nanoTime() - t.lastSentNanos);
        if (t.outcome.onResponse(response, raw, from, rtt)) {
            t.finish();
        }
        return true;
    }

    /**
     * {@code to} cannot be reached from {@code via} (an ICE-TCP connection refused, RFC 6544 §7.1:
     * "the check is considered to have failed"): every transaction in progress on that 5-tuple
     * times out now instead of after its retransmissions.
     */
    public void unreachable(DatagramPort via, InetSocketAddress to) {
        for (Transaction t : new ArrayList<>(pending.values())) {
            if (t.via.equals(via) && t.to.equals(to) && !t.done) {
                t.finish();
                t.outcome.onTimeout();
            }
        }
    }

    /** The number of transactions in progress. */
    public int size() {
        return pending.size();
    }

    /** Cancels every transaction in progress; their outcomes are not called. */
    public void cancelAll() {
        for (Transaction t : new ArrayList<>(pending.values())) {
            t.cancel();
        }
        pending.clear();
    }

    /** The transactions in progress (a copy). */
    public List<Transaction> inProgress() {
        return new ArrayList<>(pending.values());
    }
}

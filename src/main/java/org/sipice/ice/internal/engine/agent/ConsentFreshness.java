package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Indication;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.Retransmission;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Consent freshness (RFC 7675) and keepalives (RFC 8445 §11) on one selected pair, on the
 * session's {@link Scheduler}. Used on the session's thread only.
 *
 * <p><b>Consent.</b> A consent check (a Binding request built by the agent, signed with the
 * peer's password) leaves every {@code interval}, each interval drawn anew from 0.8 to 1.2 times
 * it (RFC 7675 §5.1). Consent expires {@code timeout} after the last <em>authenticated</em>
 * success response that came from the pair's remote address to the pair's local port; then the
 * listener hears it once, every timer and outstanding check is cancelled, and nothing more is sent
 * on the pair: no check, no keepalive (RFC 7675 §5.1, §5.2). An authenticated 487 (Role Conflict)
 * is handed to the agent and consent goes on: the pair stays selected (RFC 8445 §7.2.5.1).
 *
 * <p><b>Retransmission.</b> RFC 7675 §5.1 has each consent request transmitted once only, with a
 * new transaction id each time, and its response awaited for a time based on the round trip; a
 * response may answer an earlier request rather than the latest one. So a check is sent once and
 * awaited for one mean {@code interval}: far above any round trip, long enough that the answer to
 * a check still counts after the next check has left (when the next draw was short), and at most
 * two checks are outstanding (awaiting each until expiry would keep six or seven per pair, about
 * 1 KB each, against a budget of 30 KB per session). Losing one check costs nothing: the next comes
 * within 1.2 intervals, and only {@code timeout} without any answer (six checks at the defaults)
 * ends consent.
 *
 * <p><b>Keepalives and consent.</b> RFC 8445 §11: when nothing has been sent on the pair for
 * {@code keepalive} (Tr, 15 s by default) a Binding indication (FINGERPRINT, no MESSAGE-INTEGRITY,
 * no response expected) goes out. Media ({@link #mediaSent()}) and consent checks are traffic, so
 * with the defaults (checks every 4-6 s, Tr 15 s) no keepalive is ever needed while consent runs;
 * keepalives appear only when the consent interval is configured longer than Tr. Both stop when
 * consent expires.
 */
final class ConsentFreshness {

    /** RFC 7675 §5.1: each interval is drawn uniformly from 0.8 to 1.2 times the mean. */
    static final double JITTER_MIN = 0.8;
    static final double JITTER_MAX = 1.2;

    /** What consent tells the agent; called on the session's thread. */
    public interface Listener {
        /** Consent expired (RFC 7675 §5.1): stop sending on the pair. Called once. */
        void onConsentLost(Duration sinceLastResponse);

        /**
         * An authenticated 487 answered a check that claimed the role the agent still holds: switch
         * roles (RFC 8445 §7.2.5.1). The next consent check carries the new role.
         */
        void onRoleConflict();

        /** An authenticated success response renewed consent; {@code rtt} since its check left. */
        default void onResponse(Duration rtt) {
        }

        /** A consent check left on the pair (for the pair's counters). */
        default void onRequestSent() {
        }
    }

    private enum State { NEW, RUNNING, EXPIRED, STOPPED }

    private final Scheduler scheduler;
    private final StunTransactions transactions;
    private final DatagramPort port;
    private final InetSocketAddress remote;
    private final Supplier<Request> consentRequest;
    private final byte[] remoteKey;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long keepaliveNanos;
    private final Listener listener;
    private final DoubleSupplier uniform;
    private final Retransmission once;
    private final List<Check> outstanding = new ArrayList<>(2);
    private State state = State.NEW;
    private Scheduler.Timer checkTimer;
    private Scheduler.Timer expiryTimer;
    private Scheduler.Timer keepaliveTimer;
    private long lastResponseNanos;
    private long lastSentNanos;
    private long requestsSent;
    private long responsesReceived;
    private long keepalivesSent;

    /**
     * @param transactions   the session's client transactions (responses reach them through the
     *                       session's demultiplexer, with the port they arrived on)
     * @param port           the pair's local port (its base, RFC 8445 §7.2.5.2.1)
     * @param remote         the pair's remote address
     * @param consentRequest a new Binding request for each check (USERNAME, PRIORITY, the agent's
     *                       current role, RFC 8445 §7.2.2); also asked on a 487 for the role the agent
     *                       holds now, so it must have no side effect
     * @param remoteKey      the peer's short-term key (its ice-pwd) for MESSAGE-INTEGRITY
     * @param interval       the mean consent interval (RFC 7675 §5.1: 5 s)
     * @param timeout        consent expiry after the last authenticated response (RFC 7675 §5.1: 30 s)
     * @param keepalive      Tr (RFC 8445 §11: 15 s)
     */
    public ConsentFreshness(Scheduler scheduler, StunTransactions transactions, DatagramPort port,
            InetSocketAddress remote, Supplier<Request> consentRequest, byte[] remoteKey, Duration interval,
            Duration timeout, Duration keepalive, Listener listener) {
        this(scheduler, transactions, port, remote, consentRequest, remoteKey, interval, timeout, keepalive,
                listener, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With {@code uniform} giving the draws in [0, 1) that randomise the intervals (tests). */
    ConsentFreshness(Scheduler scheduler, StunTransactions transactions, DatagramPort port,
            InetSocketAddress remote, Supplier<Request> consentRequest, byte[] remoteKey, Duration interval,
            Duration timeout, Duration keepalive, Listener listener, DoubleSupplier uniform) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.port = Objects.requireNonNull(port, "port");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.consentRequest = Objects.requireNonNull(consentRequest, "consentRequest");
        this.remoteKey = Objects.requireNonNull(remoteKey, "remoteKey").clone();
        this.intervalNanos = positive(interval, "interval");
        this.timeoutNanos = positive(timeout, "timeout");
        this.keepaliveNanos = positive(keepalive, "keepalive");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.uniform = uniform;
        this.once = new Retransmission(interval, 1, 1);
    }

    /** Starts consent and keepalives; ICE's own successful check granted consent just now. */
    public void start() {
        start(scheduler.nanoTime());
    }

    /**
     * Starts consent and keepalives. RFC 7675 §5.1: the check that validated the pair, answered at
     * {@code grantedAtNanos} (the scheduler's clock), was the first grant of consent. Does nothing
     * once started or stopped.
     */
    public void start(long grantedAtNanos) {
        if (state != State.NEW) {
            return;
        }
        state = State.RUNNING;
        long now = scheduler.nanoTime();
        lastResponseNanos = grantedAtNanos;
        lastSentNanos = now; // that check was the last thing sent on the pair
        checkTimer = scheduler.schedule(nextInterval(), this::checkDue);
        expiryTimer = scheduler.schedule(Duration.ofNanos(Math.max(0, grantedAtNanos + timeoutNanos - now)),
                this::expiryDue);
        keepaliveTimer = scheduler.schedule(Duration.ofNanos(keepaliveNanos), this::keepaliveDue);
    }

    /**
     * Something left on the pair: media, or a response to the peer's check. RFC 8445 §11 counts any
     * packet as traffic, so no keepalive is due for Tr. Cheap: one clock read, called per packet.
     */
    public void mediaSent() {
        lastSentNanos = scheduler.nanoTime();
    }

    /** Cancels every timer and outstanding check; nothing is sent or reported afterwards. Idempotent. */
    public void stop() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        cancelAll();
    }

    /** True once consent expired: nothing may be sent on the pair (RFC 7675 §5.1). */
    public boolean consentExpired() {
        return state == State.EXPIRED;
    }

    /** Consent checks sent. */
    public long requestsSent() {
        return requestsSent;
    }

    /** Authenticated success responses that renewed consent. */
    public long responsesReceived() {
        return responsesReceived;
    }

    /** Keepalive indications sent. */
    public long keepalivesSent() {
        return keepalivesSent;
    }

    /**
     * The scheduler's time of the last authenticated success response; before the first one, the
     * time consent was granted by ICE's check ({@link #start(long)}).
     */
    public long lastResponseNanos() {
        return lastResponseNanos;
    }

    private void checkDue() {
        if (state != State.RUNNING) {
            return;
        }
        if (expiredAt(scheduler.nanoTime())) {
            expire();
            return;
        }
        Request request = Objects.requireNonNull(consentRequest.get(), "consent request");
        Check check = new Check(controlling(request));
        requestsSent++;
        lastSentNanos = scheduler.nanoTime(); // RFC 8445 §11: a consent check is traffic on the pair
        check.transaction = transactions.send(request, remoteKey, port, remote, once, check);
        outstanding.add(check);
        listener.onRequestSent();
        checkTimer = scheduler.schedule(nextInterval(), this::checkDue);
    }

    /** Wakes at the earliest possible expiry; renewals since then only move it later. */
    private void expiryDue() {
        if (state != State.RUNNING) {
            return;
        }
        long left = lastResponseNanos + timeoutNanos - scheduler.nanoTime();
        if (left > 0) {
            expiryTimer = scheduler.schedule(Duration.ofNanos(left), this::expiryDue);
        } else {
            expire();
        }
    }

    /** RFC 8445 §11: a Binding indication when nothing was sent on the pair for Tr. */
    private void keepaliveDue() {
        if (state != State.RUNNING) {
            return;
        }
        long now = scheduler.nanoTime();
        if (expiredAt(now)) {
            expire();
            return;
        }
        long idle = now - lastSentNanos;
        if (idle >= keepaliveNanos) {
            sendKeepalive();
            lastSentNanos = now;
            idle = 0;
        }
        keepaliveTimer = scheduler.schedule(Duration.ofNanos(keepaliveNanos - idle), this::keepaliveDue);
    }

    private void sendKeepalive() {
        Indication indication = MessageFactory.createBindingIndication();
        try {
            indication.setTransactionID(TransactionId.random().bytes()); // RFC 8489 §6: every message has one
        } catch (StunException e) {
            throw new IllegalStateException("12-byte transaction id refused", e);
        }
        byte[] bytes = StunCodec.encode(indication, null, true);
        port.send(bytes, 0, bytes.length, remote);
        keepalivesSent++;
    }

    private boolean expiredAt(long now) {
        return now - lastResponseNanos >= timeoutNanos;
    }

    private void expire() {
        state = State.EXPIRED;
        // RFC 7675 §5.1: outstanding consent transactions are discarded when consent expires.
        cancelAll();
        listener.onConsentLost(Duration.ofNanos(scheduler.nanoTime() - lastResponseNanos));
    }

    private void cancelAll() {
        for (Scheduler.Timer timer : new Scheduler.Timer[] {checkTimer, expiryTimer, keepaliveTimer}) {
            if (timer != null) {
                timer.cancel();
            }
        }
        for (Check check : outstanding) {
            check.transaction.cancel();
        }
        outstanding.clear();
    }

    private Duration nextInterval() {
        double factor = JITTER_MIN + uniform.getAsDouble() * (JITTER_MAX - JITTER_MIN);
        return Duration.ofNanos((long) (intervalNanos * factor));
    }

    private static long positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d.toNanos();
    }

    /** True when {@code request} claims the controlling role (RFC 8445 §7.1.3). */
    private static boolean controlling(Request request) {
        return request.getAttribute(Attribute.ICE_CONTROLLING) != null;
    }

    /** One consent check in flight and what its answer means. */
    private final class Check implements StunTransactions.Outcome {
        private final boolean claimedControlling;
        private StunTransactions.Transaction transaction;

        Check(boolean claimedControlling) {
            this.claimedControlling = claimedControlling;
        }

        @Override
        public boolean onResponse(Response response, byte[] raw, InetSocketAddress from, Duration rtt) {
            if (state != State.RUNNING) {
                return true;
            }
            // RFC 8445 §7.2.5.2.1, RFC 7675 §5.1: only an answer from the address the check went to
            // counts (the port it arrived on is matched by the transactions). RFC 7675 §5.1, RFC 8489
            // §9.1.3: and only if it verifies with the peer's password. Anything else is ignored and
            // the check keeps waiting for the real answer.
            if (!remote.equals(from) || !StunCodec.integrityValid(response, raw, remoteKey)) {
                return false;
            }
            outstanding.remove(this);
            if (response.isSuccessResponse()) {
                renewed(rtt);
            } else if (errorCode(response) == ErrorCodeAttribute.ROLE_CONFLICT) {
                roleConflict();
            }
            // Any other authenticated error renews nothing; consent runs out unless a later check succeeds.
            return true;
        }

        @Override
        public void onTimeout() {
            // RFC 7675 §5.1: a lost check is no failure by itself; only timeout without answers is.
            outstanding.remove(this);
        }

        private void renewed(Duration rtt) {
            long now = scheduler.nanoTime();
            if (expiredAt(now)) {
                // RFC 7675 §5.1: an answer after expiry does not re-establish consent.
                expire();
                return;
            }
            lastResponseNanos = now;
            responsesReceived++;
            listener.onResponse(rtt);
        }

        /**
         * RFC 8445 §7.2.5.1: the peer keeps its role; switch "if it has not already done so". The role
         * the agent holds now is the one its next consent request would claim: a 487 to a check that
         * claimed another role (a second 487 to a check sent before the switch) changes nothing.
         */
        private void roleConflict() {
            if (controlling(consentRequest.get()) == claimedControlling) {
                listener.onRoleConflict();
            }
        }
    }

    private static int errorCode(Response response) {
        Attribute error = response.getAttribute(Attribute.ERROR_CODE);
        return error instanceof ErrorCodeAttribute code ? code.getErrorCode() : -1;
    }
}

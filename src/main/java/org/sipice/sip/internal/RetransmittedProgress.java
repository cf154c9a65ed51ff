package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sip.CallState;

/**
 * An unreliable 183 carrying the ICE answer, sent again until the caller shows it has the answer.
 * RFC 8839 §7.1.1: without 100rel, the answerer retransmits the provisional response "with the
 * exponential backoff timers described in RFC 3262" and stops when it receives a Binding request
 * matching its candidates or when it sends the answer in a 2xx; toward an ICE-lite peer (which
 * sends no checks) it stops after four transmissions. Running out ends nothing: the answer also
 * goes in the 2xx.
 *
 * <p>All methods run on the call's executor; the timer ({@link SipContext#timers}) only posts to it.
 */
final class RetransmittedProgress {
    private static final Logger LOG = LogManager.getLogger(RetransmittedProgress.class);

    /** RFC 3262 §3 / RFC 3261 §17.1.1.1: the first interval is T1. */
    static final Duration T1 = Duration.ofMillis(500);
    /** RFC 3261 §17.1.2.2: intervals are capped at T2, as for non-INVITE retransmissions. */
    static final Duration T2 = Duration.ofSeconds(4);
    /** RFC 3262 §3: retransmissions stop 64*T1 after the first transmission. */
    static final Duration GIVE_UP = T1.multipliedBy(64);
    /** RFC 8839 §7.1.1: toward an ICE-lite peer, at most four transmissions in all. */
    static final int LITE_TRANSMISSIONS = 4;

    /** Sends one copy of the 183; throws when the transaction is gone. */
    @FunctionalInterface
    interface Transmitter {
        void send() throws Exception;
    }

    private final String callId;
    private final Transmitter transmitter;
    private final Scheduler timers;
    private final Executor callExecutor;
    private final BooleanSupplier callEnded;
    private final int maxTransmissions;
    private final long firstNanos;
    private int transmissions;
    private Scheduler.Timer timer;
    private boolean stopped;

    private RetransmittedProgress(String callId, Transmitter transmitter, Scheduler timers, Executor callExecutor,
            BooleanSupplier callEnded, boolean peerIsLite) {
        this.callId = callId;
        this.transmitter = transmitter;
        this.timers = timers;
        this.callExecutor = callExecutor;
        this.callEnded = callEnded;
        this.maxTransmissions = peerIsLite ? LITE_TRANSMISSIONS : Integer.MAX_VALUE;
        this.firstNanos = timers.nanoTime();
    }

    /** Sends {@code progress} now and schedules its retransmissions, on the call's timers. */
    static RetransmittedProgress start(CallBase call, ServerTransaction inviteTx, Response progress,
            boolean peerIsLite) throws Exception {
        return start(call.id(), () -> call.respond(inviteTx, (Response) progress.clone()), call.context.timers,
                call.serial, () -> call.state == CallState.ENDED, peerIsLite);
    }

    /**
     * Sends a copy now through {@code transmitter} and schedules the next ones on {@code timers};
     * each runs on {@code callExecutor} unless {@code callEnded}.
     */
    static RetransmittedProgress start(String callId, Transmitter transmitter, Scheduler timers,
            Executor callExecutor, BooleanSupplier callEnded, boolean peerIsLite) throws Exception {
        RetransmittedProgress r = new RetransmittedProgress(callId, transmitter, timers, callExecutor, callEnded,
                peerIsLite);
        r.transmit();
        return r;
    }

    /** The peer has the answer (its first check arrived) or the 2xx carries it: no more copies. */
    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** How many times the 183 went out so far. */
    int transmissions() {
        return transmissions;
    }

    private void transmit() throws Exception {
        transmitter.send();
        transmissions++;
        Duration interval = intervalAfter(transmissions);
        long elapsed = timers.nanoTime() - firstNanos;
        if (transmissions >= maxTransmissions || elapsed + interval.toNanos() > GIVE_UP.toNanos()) {
            LOG.debug("{}: 183 sent {} times; no more retransmissions", callId, transmissions);
            return;
        }
        timer = timers.schedule(interval, () -> callExecutor.execute(this::retransmit));
    }

    /**
     * The wait after the {@code n}-th transmission (n ≥ 1): T1, 2·T1, 4·T1, ... capped at T2
     * (500 ms, 1 s, 2 s, 4 s, 4 s, ...).
     */
    static Duration intervalAfter(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transmissions start at 1: " + n);
        }
        return n > 4 ? T2 : min(T1.multipliedBy(1L << (n - 1)), T2);
    }

    private void retransmit() {
        if (stopped || callEnded.getAsBoolean()) {
            return;
        }
        try {
            transmit();
        } catch (Exception e) {
            // The transaction is gone (CANCEL, final response): nothing left to repeat.
            LOG.debug("{}: 183 retransmission failed: {}", callId, e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

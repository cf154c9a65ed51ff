package org.sipice.sip.internal;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.timers.SipTimer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Scheduler;

/**
 * The callee's one 100 Trying, and it is ours. RFC 3261 §17.2.1: a UAS that will not answer an
 * INVITE within 200 ms sends 100 Trying. JAIN-SIP sends a bodyless one by itself 200 ms after the
 * server transaction exists, and no property turns it off (docs/ARCHITECTURE.md, "Threads"): on a
 * cold JVM our answer (the early answer in 100 Trying) could be later than that, and the caller
 * then saw the RI's 100 first and ours as a retransmission.
 *
 * <p>So the 100 is claimed once: by the early answer if it is ready in time, else by this task,
 * which sends a bodyless 100 {@link #DEADLINE} after the INVITE arrived. The answer then goes in
 * the 183 ({@link EarlyAnswer}). The task runs on the stack's own timer thread, the one that runs
 * the RI's automatic 100 later: it goes first whatever the load (a timer of ours could start late
 * on a cold JVM), and the call's executor may be busy; it races the RI's real-time timer, so a fake
 * clock ({@link SipContext#timers}) only moves the fallback used without the RI's timer. The claim
 * is atomic.
 */
final class OwnTrying {
    private static final Logger LOG = LogManager.getLogger(OwnTrying.class);

    /**
     * 20 ms before the RI's 200 ms, both counted from before the transaction existed: the early
     * answer gets as long as possible to ride in the 100 (a cold first call measured 120 ms before
     * {@link Warmup}), and on the one timer thread our task still comes first.
     */
    static final Duration DEADLINE = Duration.ofMillis(180);

    /** Our bodyless 100 as sent by the timer, until the call's executor reports it. */
    record Sent(long atNanos, Response response) {
    }

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicReference<Sent> unreported = new AtomicReference<>();
    /** Cancels the scheduled task. */
    private volatile Runnable timer;

    /** True once, for whoever sends the call's 100 Trying (or any first response) first. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** Starts the deadline for {@code call}'s INVITE, which arrived at {@code arrivedNanos}. */
    void arm(UasCall call, long arrivedNanos) {
        long delayMs = Math.max(0, DEADLINE.toMillis() - (call.context.timers.nanoTime() - arrivedNanos) / 1_000_000);
        SIPStackTimerTask task = new SIPStackTimerTask() {
            @Override
            public void runTask() {
                sendBodyless(call);
            }

            @Override
            public Object getThreadHash() {
                return call.id();
            }
        };
        try {
            SipTimer stackTimer = ((SIPTransactionStack) call.context.provider.getSipStack()).getTimer();
            if (stackTimer.schedule(task, delayMs)) {
                timer = () -> stackTimer.cancel(task);
                return;
            }
        } catch (ClassCastException | IllegalStateException e) {
            LOG.debug("no JAIN-SIP timer ({}); our own timer sends the 100", e.toString());
        }
        Scheduler.Timer t = call.context.timers.schedule(Duration.ofMillis(delayMs), () -> sendBodyless(call));
        timer = t::cancel;
    }

    void cancel() {
        Runnable t = timer;
        if (t != null) {
            t.run();
        }
    }

    /**
     * Reports the timer's 100 as sent, once, if it went out by {@code beforeNanos} (the time of
     * the event about to be reported: the INVITE itself comes first); on the call's executor.
     */
    void reportIfBefore(UasCall call, long beforeNanos) {
        Sent s = unreported.get();
        if (s != null && s.atNanos() - beforeNanos <= 0) {
            report(call);
        }
    }

    /** Reports the timer's 100 as sent, once, if it went out; on the call's executor. */
    void report(UasCall call) {
        Sent s = unreported.getAndSet(null);
        if (s != null) {
            call.emit(s.atNanos(), SipMessages.sent(s.response()));
        }
    }

    private void sendBodyless(UasCall call) {
        // Every response to the INVITE claims first (UasCall.respond, EarlyAnswer): the RI's own
        // state cannot tell, it reports its pseudo-state Trying as Proceeding.
        if (!claim()) {
            return; // a response went out already: the RI will not send its 100 either
        }
        try {
            Response trying = call.context.messages.createResponse(Response.TRYING, call.invite);
            long at = call.context.timers.nanoTime();
            call.inviteTx.sendResponse(trying);
            // Reported on the call's executor, before whatever it reports next (a 183 that went
            // out after this 100 must not come first in the call's events).
            unreported.set(new Sent(at, trying));
            call.serial.execute(() -> report(call)); // queued after the INVITE's own task
        } catch (Exception e) {
            LOG.debug("{}: cannot send 100 Trying: {}", call.id(), e.toString());
        }
    }
}

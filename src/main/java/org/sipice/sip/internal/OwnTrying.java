package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.message.Response;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Executors;

/**
 * The callee's one 100 Trying, and it is ours. RFC 3261 §17.2.1: a UAS that will not answer an
 * INVITE within 200 ms sends 100 Trying. JAIN-SIP sends a bodyless one by itself 200 ms after the
 * server transaction exists, and no property turns it off (docs/ARCHITECTURE.md, "Threads"): on a
 * cold JVM our answer (the early answer in 100 Trying) could be later than that, and the caller
 * then saw the RI's 100 first and ours as a retransmission.
 *
 * <p>So the 100 is claimed once: by the early answer if it is ready in time, else by this timer,
 * which sends a bodyless 100 {@link #DEADLINE} after the INVITE arrived, from the timer thread
 * itself (the call's executor may be busy with a slow first gathering). The answer then goes in
 * the 183 ({@link EarlyAnswer}). Thread-safe: the claim is atomic.
 */
final class OwnTrying {
    private static final Logger LOG = LogManager.getLogger(OwnTrying.class);

    /**
     * Three quarters of the RI's 200 ms: the early answer gets as long as possible to ride in the
     * 100 (a cold first call measured 120 ms before {@link Warmup}), and our 100 still goes first.
     */
    static final Duration DEADLINE = Duration.ofMillis(150);

    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;

    /** True once, for whoever sends the call's 100 Trying (or any first response) first. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** Starts the deadline for {@code call}'s INVITE, which arrived at {@code arrivedNanos}. */
    void arm(UasCall call, long arrivedNanos) {
        long delay = Math.max(0, DEADLINE.toNanos() - (System.nanoTime() - arrivedNanos));
        timer = Executors.timer().schedule(() -> sendBodyless(call), delay, TimeUnit.NANOSECONDS);
    }

    void cancel() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
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
            long at = System.nanoTime();
            call.inviteTx.sendResponse(trying);
            call.serial.execute(() -> call.emit(at, CallBase.sent(trying)));
        } catch (Exception e) {
            LOG.debug("{}: cannot send 100 Trying: {}", call.id(), e.toString());
        }
    }
}

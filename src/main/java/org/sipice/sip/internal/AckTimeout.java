package org.sipice.sip.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sip.CallState;

/**
 * The UAS's wait for the ACK of its 2xx. RFC 3261 §13.3.1.4: if the 2xx has been retransmitted
 * for 64*T1 without an ACK, the dialog is confirmed but the session SHOULD be terminated with a
 * BYE. JAIN-SIP 1.3.0-91 retransmits the 2xx but tells a plain {@code SipListener} nothing when
 * the ACK never comes, so without this timer a caller that vanished after our answer would keep
 * the call, its ICE session and its sockets forever. One per call; the task runs on the call's
 * executor; {@link #cancel()} is idempotent.
 */
final class AckTimeout {
    /** RFC 3261 §17.1.1.1: T1 = 500 ms; §13.3.1.4: 64*T1. */
    static final Duration TIMEOUT = Duration.ofMillis(64 * 500);

    private Scheduler.Timer timer;

    /** Starts waiting (once): without an ACK by then, {@code call} sends BYE and ends. */
    void arm(CallBase call) {
        arm(call.context.timers, call.serial, () -> noAck(call));
    }

    /** Starts waiting (once) on {@code timers}: {@code noAck} runs on {@code callExecutor} at {@link #TIMEOUT}. */
    synchronized void arm(Scheduler timers, Executor callExecutor, Runnable noAck) {
        if (timer == null) {
            timer = timers.schedule(TIMEOUT, () -> callExecutor.execute(noAck));
        }
    }

    private static void noAck(CallBase call) {
        if (call.state == CallState.ESTABLISHED || call.state == CallState.ENDED) {
            return;
        }
        call.sendBye();
        call.end("no ACK for our 200 within 64*T1 (RFC 3261 §13.3.1.4)", true);
    }

    /** The ACK arrived, or the call ended. */
    synchronized void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }
}

package org.sipice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.sipice.ice.IceEvent;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;

/**
 * One call scripted as a ladder, from {@link LoopbackAgent#calls}. Each step either happens within
 * its deadline or throws an {@link AssertionError} with the steps so far and the ladder both
 * agents saw. Expectations are about the caller's view of SIP and are met in order: each one
 * looks only at what came after the message the previous one matched, so a 180 that arrived
 * before the 100 fails "expect 100, then 180". Messages the script does not mention (183,
 * PRACK...) may come in between.
 *
 * <pre>{@code
 * alice.calls(bob)
 *         .expectResponseWithAnswer(100, Duration.ofSeconds(2))   // ICE answer in 100 Trying
 *         .expectRingingAfterIce(Duration.ofSeconds(5))           // 180 only once Bob's ICE completed
 *         .calleeAnswers()
 *         .expectEstablished(Duration.ofSeconds(2))
 *         .mediaFlows(Duration.ofSeconds(1))                      // RTP both ways, none lost
 *         .callerHangsUp()
 *         .expectEnded(Duration.ofSeconds(2));
 * }</pre>
 */
public final class CallScript {
    /** How long the last RTP packets may take to arrive after sending stopped. */
    private static final Duration MEDIA_DRAIN = Duration.ofSeconds(2);
    /** How long the callee side may take to see the INVITE, for steps that act on it. */
    private static final Duration CALLEE_DEADLINE = Duration.ofSeconds(10);

    private final LoopbackAgent caller;
    private final LoopbackAgent callee;
    private final Call call;
    private final long t0;
    private final List<String> steps = new ArrayList<>();
    private int cursor;
    private Call calleeCall;

    CallScript(LoopbackAgent caller, LoopbackAgent callee, Call call, long t0) {
        this.caller = caller;
        this.callee = callee;
        this.call = call;
        this.t0 = t0;
        done(caller.name() + " calls " + callee.name());
    }

    /** The caller's side of the call. */
    public Call call() {
        return call;
    }

    /** The callee's side, once its INVITE arrived (waits for it). */
    public Call calleeCall() {
        if (calleeCall == null) {
            try {
                calleeCall = callee.recorder.awaitIncoming(call.id(), deadline(CALLEE_DEADLINE))
                        .orElseThrow(() -> fail("find " + callee.name() + "'s side of the call",
                                "no INVITE reached " + callee.name() + " within " + CALLEE_DEADLINE.toMillis() + " ms"));
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
        return calleeCall;
    }

    /** The caller receives a response {@code status} to the INVITE (or UPDATE) within {@code within}. */
    public CallScript expectResponse(int status, Duration within) {
        return expectCallerSees("expect " + status, response(status, false), within);
    }

    /** The same, and the response carries SDP: the callee's (early) answer. */
    public CallScript expectResponseWithAnswer(int status, Duration within) {
        return expectCallerSees("expect " + status + " with answer", response(status, true), within);
    }

    /**
     * The caller sends a request {@code method} (PRACK, ACK, a re-INVITE or UPDATE...) within
     * {@code within}, after the message the previous expectation matched.
     */
    public CallScript expectCallerSends(String method, Duration within) {
        return expectCallerSees("expect " + caller.name() + " to send " + method,
                e -> e instanceof CallEvent.SipMessage m && m.direction() == CallEvent.Direction.SENT
                        && m.label().equals(method), within);
    }

    /**
     * The caller receives 180 Ringing within {@code within}, and the callee sent it only after its
     * ICE session completed and its ringing gate opened with ICE ready (RFC 8839 §7.1.1).
     */
    public CallScript expectRingingAfterIce(Duration within) {
        String step = "expect 180 after ICE";
        long deadline = deadline(within);
        expectCallerSees(step, response(180, false), within);
        try {
            // The callee's record of sending it is delivered on its own executor, maybe a little later.
            callee.recorder.await(call.id(), 0, e -> e instanceof CallEvent.SipMessage m
                    && m.direction() == CallEvent.Direction.SENT && m.label().startsWith("180"), deadline);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        List<AgentRecorder.Stamped> seen = callee.recorder.eventsOf(call.id());
        int completed = indexOf(seen, e -> e instanceof CallEvent.Ice i && i.event() instanceof IceEvent.Completed);
        int gate = indexOf(seen, e -> e instanceof CallEvent.RingingGateOpened g && g.iceReady());
        int ringing = indexOf(seen, e -> e instanceof CallEvent.SipMessage m
                && m.direction() == CallEvent.Direction.SENT && m.label().startsWith("180"));
        if (completed < 0 || gate < 0 || ringing < 0 || !(completed < ringing && gate < ringing)) {
            steps.remove(steps.size() - 1);
            throw fail(step, callee.name() + " sent 180 before its ICE completed (ICE completed at event "
                    + completed + ", gate opened with ICE ready at " + gate + ", 180 sent at " + ringing + ")");
        }
        return this;
    }

    /** The callee answers (200 OK goes out once its ringing gate is open). */
    public CallScript calleeAnswers() {
        calleeCall().answer();
        done(callee.name() + " answers");
        return this;
    }

    /** The callee rejects the call with {@code status}. */
    public CallScript calleeRejects(int status, String reason) {
        calleeCall().reject(status, reason);
        done(callee.name() + " rejects with " + status);
        return this;
    }

    /** The caller's call is established (200 OK received, ACK sent) within {@code within}. */
    public CallScript expectEstablished(Duration within) {
        expectCallerSees("expect 200 OK", response(200, false), within);
        return await("expect established", call.established(), within);
    }

    /**
     * RTP both ways on the selected pairs for {@code duration}, one packet every 20 ms from each
     * side; every packet must arrive. Waits first for both sides' ICE to be ready.
     */
    public CallScript mediaFlows(Duration duration) {
        String step = "media flows " + duration.toMillis() + " ms";
        get(step + ": " + caller.name() + "'s ICE ready", call.iceReady(), deadline(CALLEE_DEADLINE), CALLEE_DEADLINE);
        Call other = calleeCall();
        get(step + ": " + callee.name() + "'s ICE ready", other.iceReady(), deadline(CALLEE_DEADLINE),
                CALLEE_DEADLINE);
        MediaCheck.Result result;
        try {
            result = MediaCheck.run(call, other, duration, MEDIA_DRAIN);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        if (!result.callerToCallee().complete() || !result.calleeToCaller().complete()) {
            throw fail(step, caller.name() + " -> " + callee.name() + ": " + result.callerToCallee() + ", "
                    + callee.name() + " -> " + caller.name() + ": " + result.calleeToCaller());
        }
        done(step + " (" + result.callerToCallee() + " each way)");
        return this;
    }

    /** The caller hangs up: CANCEL before the call is established, BYE after. */
    public CallScript callerHangsUp() {
        call.hangup();
        done(caller.name() + " hangs up");
        return this;
    }

    /** The callee hangs up. */
    public CallScript calleeHangsUp() {
        calleeCall().hangup();
        done(callee.name() + " hangs up");
        return this;
    }

    /**
     * Both sides' calls have ended within {@code within}, neither as a failure: a BYE either way,
     * or a CANCEL and its 487.
     */
    public CallScript expectEnded(Duration within) {
        String step = "expect both sides ended";
        long deadline = deadline(within);
        for (Call c : List.of(call, calleeCall())) {
            CallEvent.Ended end = get(step, c.ended(), deadline, within);
            if (end.failure()) {
                throw fail(step, (c == call ? caller.name() : callee.name()) + "'s call ended as a failure: "
                        + end.reason());
            }
        }
        done(step);
        return this;
    }

    /**
     * The caller's call failed (rejected, ICE failed, no answer...) within {@code within}, and the
     * callee's side ended too, whatever its reason.
     */
    public CallScript expectCallerFailed(Duration within) {
        String step = "expect the call to fail";
        long deadline = deadline(within);
        CallEvent.Ended end = get(step, call.ended(), deadline, within);
        if (!end.failure()) {
            throw fail(step, caller.name() + "'s call ended normally: " + end.reason());
        }
        get(step + ": " + callee.name() + "'s side ended", calleeCall().ended(), deadline, within);
        done(step + " (" + end.reason() + ")");
        return this;
    }

    /** The ladder so far, as both agents saw it. */
    public String ladder() {
        return LadderView.render(caller.name(), callee.name(), t0, caller.recorder.eventsOf(call.id()),
                callee.recorder.eventsOf(call.id()));
    }

    // ---- internals ------------------------------------------------------------------------

    private static Predicate<CallEvent> response(int status, boolean withSdp) {
        return e -> e instanceof CallEvent.SipMessage m && m.direction() == CallEvent.Direction.RECEIVED
                // Offers and answers ride on INVITE and UPDATE transactions (RFC 3311 §5).
                && ("INVITE".equals(m.cseqMethod()) || "UPDATE".equals(m.cseqMethod()))
                && m.label().startsWith(status + " ") && (!withSdp || m.hasSdp());
    }

    private CallScript expectCallerSees(String step, Predicate<CallEvent> p, Duration within) {
        int found;
        try {
            found = caller.recorder.await(call.id(), cursor, p, deadline(within));
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        if (found < 0) {
            throw fail(step, "not within " + within.toMillis() + " ms" + (cursor > 0 ? " after the previous step" : ""));
        }
        cursor = found + 1;
        done(step);
        return this;
    }

    private CallScript await(String step, CompletableFuture<?> future, Duration within) {
        get(step, future, deadline(within), within);
        done(step);
        return this;
    }

    private <T> T get(String step, CompletableFuture<T> future, long deadline, Duration within) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw fail(step, "not within " + within.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw fail(step, "failed: " + e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static int indexOf(List<AgentRecorder.Stamped> events, Predicate<CallEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    private static long deadline(Duration within) {
        return System.nanoTime() + within.toNanos();
    }

    private void done(String step) {
        steps.add(String.format(Locale.ROOT, "  ok %2d. %s (%.1f ms)", steps.size() + 1, step,
                (System.nanoTime() - t0) / 1e6));
    }

    private AssertionError fail(String step, String why) {
        StringBuilder b = new StringBuilder();
        b.append("step ").append(steps.size() + 1).append(" '").append(step).append("' failed: ").append(why)
                .append("\nsteps so far:\n");
        steps.forEach(s -> b.append(s).append('\n'));
        b.append(String.format(Locale.ROOT, "  FAILED %2d. %s%n", steps.size() + 1, step));
        b.append("ladder so far (").append(caller.name()).append(" calls ").append(callee.name()).append("):\n")
                .append(ladder());
        return new AssertionError(b.toString());
    }

    private AssertionError interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        AssertionError error = new AssertionError("interrupted while scripting the call\n" + ladder());
        error.initCause(e);
        return error;
    }
}

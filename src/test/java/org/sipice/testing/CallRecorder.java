package org.sipice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;

/**
 * A {@link CallListener} that records every call event as a value and can answer automatically
 * when the ringing gate opens. Tests wait on it with deadlines, never with sleeps.
 */
public final class CallRecorder implements CallListener {
    private final boolean autoAnswer;
    private final List<CallEvent> events = new ArrayList<>();
    private final List<Call> incoming = new ArrayList<>();

    public CallRecorder(boolean autoAnswer) {
        this.autoAnswer = autoAnswer;
    }

    @Override
    public synchronized void incomingCall(Call call) {
        incoming.add(call);
        notifyAll();
    }

    @Override
    public void readyToAlert(Call call) {
        if (autoAnswer) {
            call.answer();
        }
    }

    @Override
    public synchronized void onEvent(Call call, long atNanos, CallEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<CallEvent> events() {
        return List.copyOf(events);
    }

    /** The SIP messages as ladder lines: {@code "-> INVITE +SDP"} (sent), {@code "<- 100 Trying (INVITE) +SDP"}. */
    public synchronized List<String> ladder() {
        return events.stream().filter(e -> e instanceof CallEvent.SipMessage).map(e -> {
            CallEvent.SipMessage m = (CallEvent.SipMessage) e;
            return (m.direction() == CallEvent.Direction.SENT ? "-> " : "<- ") + m.describe();
        }).collect(Collectors.toList());
    }

    /** Index of the first event matching {@code p}, or -1. */
    public synchronized int indexOf(Predicate<CallEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public synchronized Call awaitIncoming(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (incoming.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no incoming call within " + timeout.toMillis() + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return incoming.get(0);
    }

    public synchronized CallEvent await(Predicate<CallEvent> p, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (CallEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; ladder so far: "
                        + ladder() + "; events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

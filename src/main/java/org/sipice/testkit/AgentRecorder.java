package org.sipice.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;

/**
 * The {@link CallListener} of one {@link LoopbackAgent}: every call event, stamped, in the order
 * sipice delivered it, and the incoming calls. Waiters block on it with deadlines; nothing here
 * answers by itself (the script says when the callee answers).
 */
final class AgentRecorder implements CallListener {

    /** One event of one call, with sipice's timestamp ({@link System#nanoTime()}). */
    record Stamped(String agent, Call call, long atNanos, CallEvent event) {
    }

    private final String agent;
    private final List<Stamped> events = new ArrayList<>();
    private final List<Call> incoming = new ArrayList<>();

    AgentRecorder(String agent) {
        this.agent = agent;
    }

    @Override
    public synchronized void incomingCall(Call call) {
        incoming.add(call);
        notifyAll();
    }

    @Override
    public synchronized void onEvent(Call call, long atNanos, CallEvent event) {
        events.add(new Stamped(agent, call, atNanos, event));
        notifyAll();
    }

    /** The events of the call with this Call-ID, in order. */
    synchronized List<Stamped> eventsOf(String callId) {
        List<Stamped> of = new ArrayList<>();
        for (Stamped s : events) {
            if (s.call().id().equals(callId)) {
                of.add(s);
            }
        }
        return of;
    }

    /**
     * Waits for the first event of call {@code callId} after position {@code from} (in that call's
     * events) that matches {@code p}; returns its position, or -1 at the deadline.
     */
    synchronized int await(String callId, int from, Predicate<CallEvent> p, long deadlineNanos)
            throws InterruptedException {
        while (true) {
            List<Stamped> of = eventsOf(callId);
            for (int i = from; i < of.size(); i++) {
                if (p.test(of.get(i).event())) {
                    return i;
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the incoming call with this Call-ID. */
    synchronized Optional<Call> awaitIncoming(String callId, long deadlineNanos) throws InterruptedException {
        while (true) {
            for (Call c : incoming) {
                if (c.id().equals(callId)) {
                    return Optional.of(c);
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

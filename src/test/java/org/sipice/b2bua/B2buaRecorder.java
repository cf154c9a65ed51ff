package org.sipice.b2bua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sipice.sip.CallEvent;

/** Records a B2BUA's events as values; per-leg ladders read like {@code CallRecorder}'s. */
final class B2buaRecorder implements B2buaListener {
    private final List<B2buaEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(B2buaEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<B2buaEvent> events() {
        return List.copyOf(events);
    }

    /** The SIP messages of one leg: {@code "<- INVITE +SDP"} (received by the B2BUA), {@code "-> 180 Ringing (INVITE)"}. */
    synchronized List<String> ladder(B2buaEvent.Leg leg) {
        return events.stream().filter(e -> e instanceof B2buaEvent.LegEvent l && l.leg() == leg
                && l.event() instanceof CallEvent.SipMessage).map(e -> {
                    CallEvent.SipMessage m = (CallEvent.SipMessage) ((B2buaEvent.LegEvent) e).event();
                    return (m.direction() == CallEvent.Direction.SENT ? "-> " : "<- ") + m.describe();
                }).collect(Collectors.toList());
    }

    /** When the first leg event matching {@code p} happened ({@link System#nanoTime()}), or -1. */
    synchronized long firstAt(B2buaEvent.Leg leg, Predicate<CallEvent> p) {
        for (B2buaEvent e : events) {
            if (e instanceof B2buaEvent.LegEvent l && l.leg() == leg && p.test(l.event())) {
                return l.atNanos();
            }
        }
        return -1;
    }

    private int consumed;

    /** The first event of {@code type} after those a previous awaitNew returned (calls one after another). */
    @SuppressWarnings("unchecked")
    synchronized <T extends B2buaEvent> T awaitNew(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = consumed; i < events.size(); i++) {
                if (type.isInstance(events.get(i))) {
                    consumed = i + 1;
                    return (T) events.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no new " + type.getSimpleName() + " within " + timeout.toMillis() + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @SuppressWarnings("unchecked")
    synchronized <T extends B2buaEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (B2buaEvent e : events) {
                if (type.isInstance(e)) {
                    return (T) e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout.toMillis() + " ms; "
                        + "incoming " + ladder(B2buaEvent.Leg.INCOMING) + ", outgoing "
                        + ladder(B2buaEvent.Leg.OUTGOING));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

package org.sipice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;

/** Records ICE events as values and lets a test wait for one with a deadline (no sleeps). */
public final class EventRecorder implements IceEventListener {
    private final List<IceEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(IceEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<IceEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Simple names of the recorded event types, in order, without {@link IceEvent.PeerCheckReceived}:
     * it comes whenever the peer's first check does, racing this side's own events, so sequences
     * assert it on its own.
     */
    public synchronized List<String> names() {
        return events.stream().filter(e -> !(e instanceof IceEvent.PeerCheckReceived))
                .map(e -> e.getClass().getSimpleName()).collect(Collectors.toList());
    }

    public synchronized <T extends IceEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** Waits until an event of {@code type} has been recorded; fails with the events so far. */
    public <T extends IceEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        return type.cast(await(type::isInstance, timeout, type.getSimpleName()));
    }

    /** Waits until {@code count} events of {@code type} have been recorded; returns them. */
    public synchronized <T extends IceEvent> List<T> awaitCount(Class<T> type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ofType(type).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("fewer than " + count + " " + type.getSimpleName() + " within "
                        + timeout.toMillis() + " ms; events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return ofType(type);
    }

    public synchronized IceEvent await(Predicate<IceEvent> p, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (IceEvent e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

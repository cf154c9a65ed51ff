package org.sipice.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEventListener;

/** An {@link EventRecorder} that also notes when each event arrived, for figures. */
public final class Timeline implements IceEventListener {
    /** One event and the {@link System#nanoTime()} it arrived at. */
    public record Stamped(long nanos, IceEvent event) {
    }

    private final EventRecorder recorder = new EventRecorder();
    private final List<Stamped> stamped = new ArrayList<>();

    @Override
    public void onEvent(IceEvent event) {
        synchronized (stamped) {
            stamped.add(new Stamped(System.nanoTime(), event));
        }
        recorder.onEvent(event);
    }

    public EventRecorder recorder() {
        return recorder;
    }

    /** When the first event matching {@code p} arrived. */
    public Optional<Long> firstNanos(Predicate<IceEvent> p) {
        synchronized (stamped) {
            return stamped.stream().filter(s -> p.test(s.event())).map(Stamped::nanos).findFirst();
        }
    }
}

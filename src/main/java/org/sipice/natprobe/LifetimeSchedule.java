package org.sipice.natprobe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The trial waits of the binding-lifetime test: 1 s, 2 s, 4 s, ... below the max, then the max. */
final class LifetimeSchedule {
    private LifetimeSchedule() {
    }

    static List<Duration> waits(Duration max) {
        List<Duration> waits = new ArrayList<>();
        for (Duration d = Duration.ofSeconds(1); d.compareTo(max) < 0; d = d.multipliedBy(2)) {
            waits.add(d);
        }
        if (!max.isZero()) {
            waits.add(max);
        }
        return waits;
    }
}

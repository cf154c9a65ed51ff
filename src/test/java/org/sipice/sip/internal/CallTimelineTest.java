package org.sipice.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.diagnostics.TimelineEntry;
import org.sipice.sip.CallEvent;

/** A very long call keeps the start and the end of its timeline and says how much it left out. */
class CallTimelineTest {

    @Test
    void aTimelineOverItsBoundKeepsTheFirstAndLastEntriesAndMarksTheGap() {
        CallTimeline timeline = new CallTimeline();
        int total = CallTimeline.KEPT + 7;
        for (int i = 0; i < total; i++) {
            timeline.record(System.nanoTime(), new CallEvent.Warning("event " + i));
        }
        timeline.record(System.nanoTime(), new CallEvent.Ended("BYE received", false));

        List<TimelineEntry> entries = timeline.entries();
        assertEquals(CallTimeline.KEPT + 1, entries.size());
        assertEquals("event 0", entries.get(0).detail());
        TimelineEntry gap = entries.get(CallTimeline.KEPT / 2);
        assertEquals("TimelineTruncated", gap.label());
        assertEquals("8 entries left out here", gap.detail());
        assertEquals("Ended", entries.get(entries.size() - 1).label());
        assertEquals("BYE received", entries.get(entries.size() - 1).detail());
    }
}

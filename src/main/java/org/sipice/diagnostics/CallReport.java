package org.sipice.diagnostics;

import java.time.Instant;
import java.util.List;
import org.sipice.ice.IceStats;

/**
 * What happened in one call, for people and tools: the ICE figures (candidates, every pair with
 * its checks, round trips and media counts) and the timeline of SIP messages, ICE events and call
 * milestones. An immutable snapshot from {@code Call.report()}; {@link CallReportJson} writes and
 * reads it, {@link CallReportHtml} renders it as one self-contained page.
 *
 * @param version   the report format ({@link #VERSION}); readers refuse newer ones
 * @param callId    the SIP Call-ID
 * @param outgoing  true on the caller's side
 * @param state     the call state when the report was taken ({@code ENDED}, {@code ESTABLISHED}...)
 * @param outcome   how the call ended ({@code BYE received}...), or empty while it goes on
 * @param createdAt when the report was taken
 * @param ice       the ICE figures (empty toward a peer without ICE)
 * @param timeline  in order of occurrence
 */
public record CallReport(int version, String callId, boolean outgoing, String state, String outcome,
        Instant createdAt, IceStats ice, List<TimelineEntry> timeline) {

    /** The format written by this version of sipice. */
    public static final int VERSION = 1;

    public CallReport {
        outcome = outcome == null ? "" : outcome;
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }
}

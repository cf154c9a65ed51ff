package org.sipice.diagnostics;

import java.time.Instant;

/**
 * One moment of a call: a SIP message, an ICE event or a call milestone.
 *
 * @param timestamp wall-clock time of the moment
 * @param atMillis  milliseconds since the call's first recorded moment (monotonic clock)
 * @param kind      {@link #SIP}, {@link #ICE} or {@link #CALL}
 * @param direction for SIP messages {@code sent} or {@code received}; otherwise null
 * @param label     the method or status line ({@code INVITE}, {@code 183 Session Progress}), or the
 *                  event's name ({@code PairSelected}, {@code Established})
 * @param detail    a short human description (the CSeq method a response answers, the pair
 *                  selected, the reason...); may be empty
 * @param hasSdp    true for a SIP message that carries an SDP body
 */
public record TimelineEntry(Instant timestamp, double atMillis, String kind, String direction, String label,
        String detail, boolean hasSdp) {

    public static final String SIP = "sip";
    public static final String ICE = "ice";
    public static final String CALL = "call";

    public TimelineEntry {
        detail = detail == null ? "" : detail;
    }
}

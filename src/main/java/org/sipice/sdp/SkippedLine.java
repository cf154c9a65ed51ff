package org.sipice.sdp;

import java.util.Objects;

/**
 * A line the parser kept for the round trip but left out of the typed view, and why: an unknown
 * candidate, or an ICE attribute at the wrong level. See the package documentation.
 *
 * @param lineNumber the 1-based number of the line in the SDP body
 * @param line       the line text, without line ending
 * @param reason     why it was skipped, citing the RFC rule
 */
public record SkippedLine(int lineNumber, String line, String reason) {

    /** Checks that the line and reason are present. */
    public SkippedLine {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(reason, "reason");
    }
}

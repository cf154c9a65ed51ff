package org.sipice.sdp;

/**
 * A candidate that is well formed as far as the grammar goes, but that an agent must ignore rather
 * than reject: an unknown transport or candidate type, an unrecognised address, a malformed
 * extension (RFC 8839 §5.1). {@link IceCandidate#parse(String)} throws it; the SDP parser catches it
 * and records a {@link SkippedLine} instead, so the rest of the SDP still parses.
 *
 * <p>It is an {@link IceSdpException}, so a caller that parses one candidate and does not care about
 * the difference can catch that alone.
 */
public final class CandidateSkippedException extends IceSdpException {

    /** A candidate skipped for {@code reason}, not (yet) tied to a line. */
    CandidateSkippedException(String reason) {
        super(reason);
    }

    /** A candidate at {@code lineNumber}, whose text is {@code line}, skipped for {@code reason}. */
    CandidateSkippedException(int lineNumber, String line, String reason) {
        super(lineNumber, line, reason);
    }

    private CandidateSkippedException(int lineNumber, String line, String safeReason, boolean reasonIsSafe) {
        super(lineNumber, line, safeReason, reasonIsSafe);
    }

    @Override
    CandidateSkippedException at(int lineNumber, String line) {
        CandidateSkippedException placed = new CandidateSkippedException(lineNumber, line, reason(), true);
        placed.initCause(this);
        return placed;
    }
}

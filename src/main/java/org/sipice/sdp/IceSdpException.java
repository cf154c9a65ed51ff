package org.sipice.sdp;

/**
 * An SDP body, or a value given to one of the builders, breaks a rule of RFC 8839 (or RFC 4566)
 * that cannot be tolerated: see the package documentation for the list.
 *
 * <p>It is unchecked and an {@link IllegalArgumentException}, like {@link NumberFormatException}:
 * the input is wrong, and the same type serves the parser and the builders. When it comes from the
 * parser, {@link #lineNumber()} (1-based) and {@link #line()} name the offending line; for a value
 * that did not come from a line, the line number is 0 and the line is {@code null}.
 */
public class IceSdpException extends IllegalArgumentException {

    private final int lineNumber;
    private final String line;
    private final String reason;

    /** An error that is not (yet) tied to a line, e.g. from a record constructor. */
    public IceSdpException(String reason) {
        this(0, null, reason);
    }

    /** An error at {@code lineNumber} (1-based), whose text is {@code line}. */
    public IceSdpException(int lineNumber, String line, String reason) {
        super(message(lineNumber, line, reason));
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based number of the offending line, or 0 when the error is not tied to a line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The text of the offending line, or {@code null} when the error is not tied to a line. */
    public String line() {
        return line;
    }

    /** Why the line or value was rejected, citing the RFC rule. */
    public String reason() {
        return reason;
    }

    /** The same error, placed at a line: used when a value parser's error reaches the line reader. */
    public IceSdpException at(int lineNumber, String line) {
        IceSdpException placed = new IceSdpException(lineNumber, line, reason);
        placed.initCause(this);
        return placed;
    }

    private static String message(int lineNumber, String line, String reason) {
        if (line == null) {
            return reason;
        }
        return "line " + lineNumber + " \"" + line + "\": " + reason;
    }
}

package org.sipice.sdp;

import java.util.Collection;
import java.util.Objects;
import org.sipice.internal.text.PrintableText;

/**
 * An SDP body, or a value given to one of the builders, breaks a rule of RFC 8839 (or RFC 4566)
 * that cannot be tolerated: see the package documentation for the list.
 *
 * <p>It is unchecked and an {@link IllegalArgumentException}, like {@link NumberFormatException}:
 * the input is wrong, and the same type serves the parser and the builders. When it comes from the
 * parser, {@link #lineNumber()} (1-based) and {@link #line()} name the offending line; for a value
 * that did not come from a line, the line number is 0 and the line is {@code null}.
 *
 * <p>The message is safe to send back to the peer that wrote the SDP (a Warning header, a log, a
 * report): it names the attribute and the line ({@code a=candidate line 7 "a=candidate:1 1 UDP x
 * ...": priority 'x' is not 1*10DIGIT (RFC 8839 §5.1)}), quotes at most {@value #QUOTE_LENGTH}
 * characters of the line and {@value #VALUE_LENGTH} of any value, escapes control characters
 * ({@link PrintableText}), and never quotes a secret: not the value of {@code a=ice-pwd}, nor a line
 * {@link SdpSecrets} masks.
 */
public class IceSdpException extends IllegalArgumentException {
    // Constructed only by the codec (package-private constructors): applications catch it.

    /** The most characters of the offending line the message quotes, escapes included. */
    static final int QUOTE_LENGTH = 80;
    /** The most characters of a value (a field, a token) a reason quotes, before escaping. */
    static final int VALUE_LENGTH = 40;
    /** The most characters of a reason, escapes included. */
    static final int REASON_LENGTH = 300;

    private static final int NAME_LENGTH = 32;

    private final int lineNumber;
    private final String line;
    private final String reason;

    /** An error that is not (yet) tied to a line, e.g. from a record constructor. */
    IceSdpException(String reason) {
        this(0, null, reason);
    }

    /** An error at {@code lineNumber} (1-based), whose text is {@code line}. */
    IceSdpException(int lineNumber, String line, String reason) {
        this(lineNumber, line, reason, false);
    }

    /** For {@link #at}: {@code reason} may already be escaped and capped, so it is not escaped twice. */
    IceSdpException(int lineNumber, String line, String reason, boolean reasonIsSafe) {
        super(message(lineNumber, masked(line), safe(reason, reasonIsSafe)));
        this.lineNumber = lineNumber;
        this.line = masked(line);
        this.reason = safe(reason, reasonIsSafe);
    }

    /** The 1-based number of the offending line, or 0 when the error is not tied to a line. */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The text of the offending line as written, but with a secret value masked (see
     * {@link SdpSecrets}), or {@code null} when the error is not tied to a line. Unlike the message,
     * it is neither escaped nor shortened.
     */
    public String line() {
        return line;
    }

    /**
     * Why the line or value was rejected, citing the RFC rule; values in it are quoted short, and
     * the whole is escaped and capped like the message.
     */
    public String reason() {
        return reason;
    }

    /** The same error, placed at a line: used when a value parser's error reaches the line reader. */
    IceSdpException at(int lineNumber, String line) {
        IceSdpException placed = new IceSdpException(lineNumber, line, reason, true);
        placed.initCause(this);
        return placed;
    }

    /**
     * This error with each of {@code secrets} (values the body carried) hidden wherever the line
     * or the reason quotes them; this error itself when neither does.
     */
    IceSdpException hiding(Collection<String> secrets) {
        String hiddenLine = SdpSecrets.hide(line, secrets);
        String hiddenReason = SdpSecrets.hide(reason, secrets);
        if (Objects.equals(hiddenLine, line) && Objects.equals(hiddenReason, reason)) {
            return this;
        }
        IceSdpException hidden = new IceSdpException(lineNumber, hiddenLine, hiddenReason, true);
        hidden.setStackTrace(getStackTrace());
        return hidden;
    }

    private static String masked(String line) {
        return line == null ? null : SdpSecrets.maskLine(line);
    }

    private static String safe(String reason, boolean alreadySafe) {
        return alreadySafe ? reason : PrintableText.escape(String.valueOf(reason), REASON_LENGTH);
    }

    /** {@code value} in single quotes, cut to {@value #VALUE_LENGTH} characters, for a reason. */
    static String quote(String value) {
        return "'" + PrintableText.truncate(String.valueOf(value), VALUE_LENGTH) + "'";
    }

    /** {@code a=candidate line 7 "a=candidate:..."}: the attribute or line type, the number, a short quote. */
    private static String message(int lineNumber, String line, String reason) {
        if (line == null) {
            return reason;
        }
        StringBuilder m = new StringBuilder();
        String label = label(line);
        if (!label.isEmpty()) {
            m.append(label).append(' ');
        }
        m.append("line ").append(lineNumber);
        if (!SdpSecrets.mayHoldSecret(line)) {
            m.append(" \"").append(PrintableText.escape(line, QUOTE_LENGTH)).append('"');
        }
        return m.append(": ").append(reason).toString();
    }

    /** {@code a=<name>} for an attribute, {@code <type>=} for another line, empty for a line that is neither. */
    private static String label(String line) {
        if (line.length() < 2 || line.charAt(1) != '=' || !isAsciiLetter(line.charAt(0))) {
            return "";
        }
        if (line.charAt(0) != 'a') {
            return line.substring(0, 2);
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line.substring(2) : line.substring(2, colon);
        return "a=" + PrintableText.escape(name, NAME_LENGTH);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

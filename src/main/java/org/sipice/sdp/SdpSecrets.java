package org.sipice.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The secrets an SDP body can carry, and how to keep them out of logs and messages: the value of
 * {@code a=ice-pwd} (RFC 8839 §5.4: with the ufrag it authenticates every connectivity check, so
 * whoever reads it can forge them), the keys of {@code a=crypto} (RFC 4568 §6.1 inline key-params),
 * and {@code k=} lines (RFC 8866 §5.12). A masked value is replaced by {@code (N characters hidden)}.
 *
 * <pre>{@code
 * log.debug(SdpSecrets.mask(sipMessageText));   // a=ice-pwd:(22 characters hidden)
 * }</pre>
 */
public final class SdpSecrets {

    private static final String INLINE = "inline:";

    private SdpSecrets() {
    }

    /**
     * {@code text} with every secret masked, line by line. The text may be an SDP body or a whole
     * SIP message (no SIP header line starts with a letter and {@code =}); line endings are kept.
     */
    public static String mask(String text) {
        StringBuilder out = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int lineEnd = end < 0 ? text.length() : (end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            String line = text.substring(start, lineEnd);
            if (isSecret(line)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, start);
                }
                out.append(maskLine(line)).append(text, lineEnd, next);
            } else if (out != null) {
                out.append(text, start, next);
            }
            start = next;
        }
        return out == null ? text : out.toString();
    }

    /** The shortest secret value {@link #values} returns: shorter runs are too common to hide. */
    static final int MIN_SECRET_LENGTH = 8;

    /**
     * The secret values of a body, as written: each {@code a=ice-pwd} value and each {@code inline:}
     * key of {@code a=crypto}, at least {@value #MIN_SECRET_LENGTH} characters long.
     */
    static Set<String> values(String text) {
        Set<String> values = new LinkedHashSet<>();
        for (String line : text.split("\r\n|\r|\n")) {
            String name = attributeName(line);
            if (name == null) {
                continue;
            }
            String value = line.substring(line.indexOf(':') + 1).trim();
            if (name.equals(AttributeNames.ICE_PWD)) {
                addRuns(value, values); // a value with a stray character still hides its parts
            } else if (name.equals("crypto")) {
                String lower = line.toLowerCase(Locale.ROOT);
                int at = -1;
                while ((at = lower.indexOf(INLINE, at + 1)) >= 0) {
                    int keyStart = at + INLINE.length();
                    int keyEnd = keyStart;
                    while (keyEnd < line.length() && "|; \t".indexOf(line.charAt(keyEnd)) < 0) {
                        keyEnd++;
                    }
                    if (keyEnd - keyStart >= MIN_SECRET_LENGTH) {
                        values.add(line.substring(keyStart, keyEnd));
                    }
                }
            }
        }
        return values;
    }

    /** Each maximal run of ice-chars (RFC 8839 §5.4) in {@code value} long enough to be a secret. */
    private static void addRuns(String value, Set<String> values) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || !isIceChar(value.charAt(i))) {
                if (i - start >= MIN_SECRET_LENGTH) {
                    values.add(value.substring(start, i));
                }
                start = i + 1;
            }
        }
    }

    private static boolean isIceChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/');
    }

    /** {@code text} with each of {@code secrets} replaced by {@code (N characters hidden)}. */
    static String hide(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : longestFirst) {
            out = out.replace(secret, hidden(secret.length()));
        }
        return out;
    }

    /** Whether this SDP line (without line ending) carries a secret. */
    static boolean isSecret(String line) {
        if (line.startsWith("k=")) {
            return true;
        }
        String name = attributeName(line);
        return name != null && (name.equals(AttributeNames.ICE_PWD) || name.equals("crypto"));
    }

    /**
     * Whether a line, well formed or not, may carry a secret, so that an error must not quote it:
     * a secret line, or one that mentions ice-pwd or an inline key (a mangled copy of one).
     */
    static boolean mayHoldSecret(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return isSecret(line) || lower.contains(AttributeNames.ICE_PWD) || lower.contains(INLINE)
                || lower.startsWith("k=");
    }

    /** The line with its secret masked; any other line as it is. */
    static String maskLine(String line) {
        if (line.startsWith("k=")) {
            int colon = line.indexOf(':');
            return colon < 0 ? line : line.substring(0, colon + 1) + hidden(line.length() - colon - 1);
        }
        String name = attributeName(line);
        if (name == null) {
            return line;
        }
        int colon = line.indexOf(':');
        if (name.equals(AttributeNames.ICE_PWD)) {
            return line.substring(0, colon + 1) + hidden(line.length() - colon - 1);
        }
        if (name.equals("crypto")) {
            return maskInlineKeys(line);
        }
        return line;
    }

    /** RFC 4568 §9.1: {@code inline:<key||salt>["|"lifetime]["|"MKI:length]}, several separated by ';'. */
    private static String maskInlineKeys(String line) {
        StringBuilder out = new StringBuilder(line.length());
        String lower = line.toLowerCase(Locale.ROOT);
        int from = 0;
        int at;
        while ((at = lower.indexOf(INLINE, from)) >= 0) {
            int keyStart = at + INLINE.length();
            int keyEnd = keyStart;
            while (keyEnd < line.length() && "|; \t".indexOf(line.charAt(keyEnd)) < 0) {
                keyEnd++;
            }
            out.append(line, from, keyStart).append(hidden(keyEnd - keyStart));
            from = keyEnd;
        }
        return out.append(line, from, line.length()).toString();
    }

    /** The lower-case name of an {@code a=<name>:<value>} line, or {@code null} for any other line. */
    private static String attributeName(String line) {
        if (!line.startsWith("a=")) {
            return null;
        }
        int colon = line.indexOf(':');
        return colon < 0 ? null : line.substring(2, colon).trim().toLowerCase(Locale.ROOT);
    }

    private static String hidden(int length) {
        return "(" + length + " characters hidden)";
    }
}

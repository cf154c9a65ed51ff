package org.sipice.internal.text;

/**
 * Text that came from a peer, made safe to print in a log, a RESULT line, a report or a SIP header:
 * characters that could drive a terminal or break a line (controls, format characters such as the
 * bidirectional overrides, separators, lone surrogates) are written as escapes, and the length is
 * capped so a megabyte of input never becomes a megabyte of output.
 *
 * <p>Escapes: a backslash is doubled; a code point below U+0100 is a backslash, {@code x} and two hex
 * digits (ESC is {@code \x1b}), one in the BMP a backslash, {@code u} and four hex digits, any other a
 * backslash, {@code U} and eight hex digits; hex in lower case. A capped text ends with
 * {@code ...(+N chars)}, N counting the input characters left out.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /**
     * {@code text} with every unprintable character escaped (printable Unicode such as {@code é} or
     * {@code §} is kept), at most {@code maxLength} characters before the cap marker.
     */
    public static String escape(String text, int maxLength) {
        return escape(text, maxLength, false);
    }

    /** Like {@link #escape(String, int)}, but everything outside printable ASCII is escaped too. */
    public static String escapeAscii(String text, int maxLength) {
        return escape(text, maxLength, true);
    }

    /**
     * A whole message for a trace: control and format characters escaped but for CR, LF and TAB,
     * which give it its lines; not capped, and backslashes left as they are (for reading, not parsing).
     */
    public static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = c == '\r' || c == '\n' || c == '\t' || isPrintable(c, false)
                    || Character.isSurrogate(c); // a pair is printable more often than not; keep both halves
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(keep ? String.valueOf(c) : escapeOf(c));
        }
        return out == null ? text : out.toString();
    }

    /**
     * The first {@code maxLength} characters of {@code text}, unescaped, followed by the cap marker
     * if anything was left out; for values quoted in a message that is escaped as a whole later.
     */
    public static String truncate(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int end = maxLength;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + marker(text.length() - end);
    }

    private static String escape(String text, int maxLength, boolean asciiOnly) {
        String s = String.valueOf(text);
        StringBuilder out = new StringBuilder(Math.min(s.length(), maxLength) + 16);
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            String piece = cp == '\\' ? "\\\\"
                    : isPrintable(cp, asciiOnly) ? new String(Character.toChars(cp)) : escapeOf(cp);
            if (out.length() + piece.length() > maxLength) {
                break;
            }
            out.append(piece);
            i += Character.charCount(cp);
        }
        if (i < s.length()) {
            out.append(marker(s.length() - i));
        }
        return out.toString();
    }

    private static String marker(int leftOut) {
        return "...(+" + leftOut + " chars)";
    }

    private static boolean isPrintable(int cp, boolean asciiOnly) {
        if (cp >= 0x20 && cp <= 0x7e) {
            return true;
        }
        if (asciiOnly || cp < 0xa0) {
            return false; // C0 controls, DEL, C1 controls
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED ->
                    false;
            default -> true;
        };
    }

    private static String escapeOf(int cp) {
        if (cp < 0x100) {
            return String.format("\\x%02x", cp);
        }
        if (cp <= 0xffff) {
            return String.format("\\u%04x", cp);
        }
        return String.format("\\U%08x", cp);
    }
}

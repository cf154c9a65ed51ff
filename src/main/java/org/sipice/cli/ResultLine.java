package org.sipice.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sipice.internal.text.PrintableText;

/**
 * The one summary line every sipice command ends with: {@code RESULT key=value ...}. Keys are
 * stable (documented in the README); values never contain spaces (spaces become underscores)
 * so the line splits on blanks and on the first {@code =} of each field. Values often quote a peer
 * (a reason phrase, an SDP error): control and format characters are escaped ({@link PrintableText})
 * and each value is capped at {@value #MAX_VALUE_LENGTH} characters, so the line stays one line of
 * printable text whatever the peer sent.
 */
final class ResultLine {
    /** The longest value, escapes included, before the {@code ...(+N_chars)} marker. */
    static final int MAX_VALUE_LENGTH = 400;

    private final Map<String, String> fields = new LinkedHashMap<>();

    static ResultLine ok() {
        return new ResultLine().put("status", "ok");
    }

    static ResultLine failed(String reason) {
        return new ResultLine().put("status", "failed").put("reason", reason);
    }

    ResultLine put(String key, Object value) {
        fields.put(key, sanitize(String.valueOf(value)));
        return this;
    }

    boolean isOk() {
        return "ok".equals(fields.get("status"));
    }

    private static String sanitize(String v) {
        String s = PrintableText.escape(v.trim().replaceAll("\\s+", "_"), MAX_VALUE_LENGTH).replace(' ', '_');
        return s.isEmpty() ? "-" : s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RESULT");
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}

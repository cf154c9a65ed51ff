package org.sipice.sdp;

import java.util.Objects;

/**
 * One {@code a=} line: {@code a=<name>} (a property attribute, value {@code null}) or
 * {@code a=<name>:<value>} (RFC 4566 §5.13). The value is kept exactly as written, so that
 * {@code a=foo:} (an empty value) and {@code a=foo} (no value) stay different.
 *
 * @param name  the attribute name, e.g. {@code rtpmap}
 * @param value the text after the first colon, or {@code null} for a property attribute
 */
public record SdpAttribute(String name, String value) {

    /** Checks that the name is present and cannot break the line apart. */
    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf(':') >= 0 || containsLineBreak(name) || containsLineBreak(value)) {
            throw new IceSdpException("not a valid SDP attribute: name " + IceSdpException.quote(name) + ", value "
                    + IceSdpException.quote(value));
        }
    }

    /** Reads the text after {@code a=}: the name runs up to the first colon (RFC 4566 §5.13). */
    public static SdpAttribute parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new SdpAttribute(text, null);
        }
        return new SdpAttribute(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The text after {@code a=}, the mirror of {@link #parse(String)}. */
    public String toSdpValue() {
        return value == null ? name : name + ":" + value;
    }

    /** Whether this attribute has the given name; SDP attribute names compare case-insensitively here. */
    public boolean is(String attributeName) {
        return name.equalsIgnoreCase(attributeName);
    }

    private static boolean containsLineBreak(String s) {
        return s != null && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0);
    }
}

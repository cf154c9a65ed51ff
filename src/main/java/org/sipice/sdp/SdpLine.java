package org.sipice.sdp;

/**
 * One line of an SDP body, {@code <type>=<value>} (RFC 4566 §5), kept exactly as written so that
 * formatting gives it back unchanged.
 *
 * @param type  the type letter, e.g. {@code 'a'}
 * @param value everything after the {@code =}
 */
record SdpLine(char type, String value) {

    /** What the parser can never produce, the builders must not write (RFC 8866 §5, {@link SdpLimits}). */
    SdpLine {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IceSdpException("a " + type + "= line cannot contain CR or LF (RFC 8866 §5): "
                    + IceSdpException.quote(value));
        }
        if (value.length() + 2 > SdpLimits.MAX_LINE_LENGTH) {
            throw new IceSdpException("a " + type + "= " + SdpLimits.lineTooLong(value.length() + 2));
        }
    }

    static SdpLine attribute(SdpAttribute attribute) {
        return new SdpLine('a', attribute.toSdpValue());
    }

    static SdpLine attribute(String name, String value) {
        return attribute(new SdpAttribute(name, value));
    }

    /** The line as written, without line ending. */
    String text() {
        return type + "=" + value;
    }

    /** The attribute of an {@code a=} line. */
    SdpAttribute attribute() {
        return SdpAttribute.parse(value);
    }

    /** The name of an {@code a=} line: the text up to the first colon, possibly empty. */
    String attributeName() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** Whether this is an {@code a=} line for {@code name} (case-insensitive). */
    boolean isAttribute(String name) {
        return type == 'a' && attributeName().equalsIgnoreCase(name);
    }
}

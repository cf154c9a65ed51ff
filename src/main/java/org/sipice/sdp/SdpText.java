package org.sipice.sdp;

import java.util.ArrayList;
import java.util.List;

/** Turns an SDP body into {@link SdpLine}s and back (RFC 4566 §5). */
final class SdpText {

    /** RFC 4566 §5: lines end with CRLF; we write nothing else. */
    static final String CRLF = "\r\n";

    private SdpText() {
    }

    /**
     * Splits a body on CRLF, LF or a lone CR (RFC 4566 §5 asks parsers to accept LF too); trailing
     * empty lines are dropped. Every other line must be {@code <letter>=<value>}.
     */
    static List<SdpLine> split(String text) {
        String[] raw = text.split("\r\n|\r|\n", -1);
        int count = raw.length;
        while (count > 0 && raw[count - 1].isEmpty()) {
            count--;
        }
        if (count == 0) {
            throw new IceSdpException(1, "", "empty SDP body (RFC 4566 §5)");
        }
        List<SdpLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = raw[i];
            if (line.length() > SdpLimits.MAX_LINE_LENGTH) {
                throw new IceSdpException(i + 1, line, SdpLimits.lineTooLong(line.length()));
            }
            if (line.length() < 2 || !isAsciiLetter(line.charAt(0)) || line.charAt(1) != '=') {
                throw new IceSdpException(i + 1, line, "not an SDP line '<type>=<value>' (RFC 4566 §5)");
            }
            lines.add(new SdpLine(line.charAt(0), line.substring(2)));
        }
        return lines;
    }

    /** The lines, each ended by CRLF. */
    static String join(List<SdpLine> lines) {
        StringBuilder sb = new StringBuilder();
        for (SdpLine line : lines) {
            sb.append(line.type()).append('=').append(line.value()).append(CRLF);
        }
        return sb.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

package org.sipice.sdp;

import java.util.Arrays;
import java.util.List;

/**
 * The fields of an {@code m=} line (RFC 4566 §5.14):
 * {@code <media> <port>[/<number of ports>] <proto> <fmt> ...}.
 */
record MediaLine(String mediaType, int port, int portCount, String protocol, List<String> formats) {

    MediaLine {
        formats = List.copyOf(formats);
    }

    /** Strict: the {@code m=} line opens the section every ICE attribute of the stream belongs to. */
    static MediaLine parse(String value, int lineNumber) {
        String text = "m=" + value;
        String[] f = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
        if (f.length < 4) {
            throw new IceSdpException(lineNumber, text, "m= line has " + f.length
                    + " fields, needs '<media> <port> <proto> <fmt> ...' (RFC 4566 §5.14)");
        }
        String[] port = f[1].split("/", -1);
        if (port.length > 2 || !IceChars.isDigits(port[0], 5) || Integer.parseInt(port[0]) > 65535) {
            throw new IceSdpException(lineNumber, text, "m= port " + IceSdpException.quote(f[1])
                    + " is not a port (RFC 4566 §5.14)");
        }
        int count = 1;
        if (port.length == 2) {
            if (!IceChars.isDigits(port[1], 5) || Integer.parseInt(port[1]) < 1) {
                throw new IceSdpException(lineNumber, text, "m= number of ports " + IceSdpException.quote(port[1])
                        + " is not a positive integer (RFC 4566 §5.14)");
            }
            count = Integer.parseInt(port[1]);
        }
        return new MediaLine(f[0], Integer.parseInt(port[0]), count, f[2], Arrays.asList(f).subList(3, f.length));
    }

    /** The text after {@code m=}, with single spaces. */
    String format() {
        return mediaType + " " + port + (portCount == 1 ? "" : "/" + portCount) + " " + protocol + " "
                + String.join(" ", formats);
    }
}

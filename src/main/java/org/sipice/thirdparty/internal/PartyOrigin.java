package org.sipice.thirdparty.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The controller's {@code o=} line toward one party. Each party must see one origin whose version
 * grows with every new description (RFC 3264 §8), yet the controller forwards SDP made by other
 * parties: it rewrites their {@code o=} line (RFC 3725 §4.3, "offer2'") and nothing else, so ICE
 * attributes pass unchanged (RFC 8839 §7.5).
 */
final class PartyOrigin {
    private final String user;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private long version;

    PartyOrigin(String user) {
        this.user = user.replaceAll("\\s", "");
    }

    /** {@code sdp} with its {@code o=} line replaced by ours, next version. */
    String rewrite(String sdp) {
        version++;
        StringBuilder out = new StringBuilder(sdp.length() + 32);
        for (String line : sdp.split("\r\n|\n", -1)) {
            if (line.startsWith("o=")) {
                String[] f = line.substring(2).split(" ");
                // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
                String tail = f.length >= 6 ? f[3] + " " + f[4] + " " + f[5] : "IN IP4 0.0.0.0";
                line = "o=" + user + " " + sessionId + " " + version + " " + tail;
            }
            out.append(line).append("\r\n");
        }
        // split(-1) kept a trailing empty line for the final CRLF: drop its extra CRLF.
        return out.substring(0, out.length() - 2);
    }
}

package org.sipice.thirdparty.internal;

import java.security.SecureRandom;

/**
 * The black hole of RFC 3725 Flows III and IV: an SDP whose media goes nowhere, used to settle
 * the first offer/answer with A before B's description is known. Our parties only take SDP with
 * ICE (a re-offer with ICE on a call without it is refused), so it carries ICE attributes: fresh
 * credentials and host candidates on the discard ports (9 and 10, RFC 863) of the controller's
 * own address, where nothing answers; A's checks toward it fail quietly until B's offer restarts
 * ICE. {@code a=inactive} (RFC 3264 §5.1) says no media is wanted.
 */
final class BlackHole {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int DISCARD_PORT = 9;

    private BlackHole() {
    }

    /** Flow IV's first offer to A: audio, PCMU, RTP and RTCP components, inactive. */
    static String offer(String address) {
        return description(address, "0", "a=rtpmap:0 PCMU/8000\r\n", false);
    }

    /** Flow III's answer to A's offer: its first audio format, its rtcp-mux choice, inactive. */
    static String answer(String offer, String address) {
        String format = "0";
        String rtpmap = "";
        boolean mux = false;
        for (String line : offer.split("\r\n|\n")) {
            if (line.startsWith("m=audio ")) {
                String[] f = line.split(" ");
                format = f.length > 3 ? f[3] : "0";
            } else if (line.startsWith("a=rtpmap:" + format + " ")) {
                rtpmap = line + "\r\n";
            } else if (line.equals("a=rtcp-mux")) {
                mux = true;
            }
        }
        return description(address, format, rtpmap, mux);
    }

    private static String description(String address, String format, String rtpmap, boolean mux) {
        String ip = address.contains(":") ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- 0 0 IN ").append(ip).append(' ').append(address).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN ").append(ip).append(' ').append(address).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(DISCARD_PORT).append(" RTP/AVP ").append(format).append("\r\n")
                .append(rtpmap);
        if (mux) {
            sdp.append("a=rtcp-mux\r\n");
        } else {
            sdp.append("a=rtcp:").append(DISCARD_PORT + 1).append("\r\n");
        }
        sdp.append("a=inactive\r\n")
                // RFC 8839 §5.4: ufrag at least 4 characters, pwd at least 22, from ice-char.
                .append("a=ice-ufrag:").append(random(8)).append("\r\n")
                .append("a=ice-pwd:").append(random(24)).append("\r\n")
                .append("a=candidate:1 1 UDP 2130706431 ").append(address).append(' ').append(DISCARD_PORT)
                .append(" typ host\r\n");
        if (!mux) {
            sdp.append("a=candidate:1 2 UDP 2130706430 ").append(address).append(' ').append(DISCARD_PORT + 1)
                    .append(" typ host\r\n");
        }
        return sdp.toString();
    }

    private static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return b.toString();
    }
}

package org.sipice.b2bua.internal;

/**
 * The final response the caller gets when the outgoing leg ends before anyone answered. A B2BUA
 * is two UAs, so nothing obliges it to relay the callee's status, but the caller's UI should say
 * "busy" when the callee is busy: a 3xx-6xx from the callee is passed on (RFC 3261 §16.7 does
 * the same for a proxy's best response); a timeout becomes 408 (RFC 3261 §21.4.9); anything else
 * (ICE failure, no answer usable) 480 Temporarily Unavailable (RFC 3261 §21.4.18).
 */
final class LegStatus {
    private LegStatus() {
    }

    /** The status for the caller, from the outgoing leg's {@code Ended} reason ("486 Busy Here ..."). */
    static int forCaller(String reason) {
        int status = leadingStatus(reason);
        if (status >= 300 && status <= 699) {
            return status;
        }
        return reason != null && reason.contains("timed out") ? 408 : 480;
    }

    /** The reason phrase to send with {@link #forCaller}. */
    static String phrase(String reason) {
        if (reason == null || reason.isBlank()) {
            return "Temporarily Unavailable";
        }
        String text = leadingStatus(reason) > 0 ? reason.substring(3).trim() : reason;
        int warning = text.indexOf(" (");
        if (leadingStatus(reason) > 0 && warning > 0) {
            text = text.substring(0, warning); // the callee's Warning text stays on its leg
        }
        // A reason phrase is one line of text (RFC 3261 §25.1: no CR or LF).
        text = text.replaceAll("[\\r\\n]+", " ");
        return text.length() > 100 ? text.substring(0, 100) : text;
    }

    private static int leadingStatus(String reason) {
        if (reason == null || reason.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(reason.charAt(i))) {
                return -1;
            }
        }
        if (reason.length() > 3 && Character.isDigit(reason.charAt(3))) {
            return -1;
        }
        return Integer.parseInt(reason.substring(0, 3));
    }
}

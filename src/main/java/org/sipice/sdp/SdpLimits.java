package org.sipice.sdp;

/**
 * How much SDP this codec reads. RFC 8866 sets no limit, but a peer must not make us spend memory
 * and time without bound, nor echo a megabyte back in an error: above any of these, parsing (and
 * building) stops with an {@link IceSdpException} naming the limit. Each is well above what real
 * agents send (the bodies captured from baresip and Linphone in the test fixtures are under 1 KB, with
 * at most 4 candidates per section and lines under 100 characters).
 */
public final class SdpLimits {

    /**
     * The largest body, in bytes of UTF-8 (RFC 8866 §5: SDP text is UTF-8). A UDP datagram carries
     * at most 65,507 bytes; a body this big is a SIP problem first, which the SIP layer answers with
     * 513 Message Too Large (RFC 3261 §21.5.14) before parsing.
     */
    public static final int MAX_BODY_BYTES = 32 * 1024;

    /** The longest line, in characters without the line ending: ten times the longest a=fmtp seen. */
    public static final int MAX_LINE_LENGTH = 4096;

    /** The most m= lines in one body: one per stream, and a SIP call has a handful. */
    public static final int MAX_MEDIA_SECTIONS = 32;

    /**
     * The most a=candidate lines in one media section, skipped ones included. RFC 8445 §6.1.2.5
     * limits a check list to 100 pairs; 64 candidates cover every interface, family, component and
     * server an agent has, and pairs are capped again when the check list is formed.
     */
    public static final int MAX_CANDIDATES_PER_MEDIA = 64;

    private SdpLimits() {
    }

    /** Whether {@code text} takes more than {@link #MAX_BODY_BYTES} in UTF-8; stops counting there. */
    static boolean bodyTooLarge(CharSequence text) {
        if (text.length() > MAX_BODY_BYTES) {
            return true; // at least one byte per char
        }
        if (text.length() * 3L <= MAX_BODY_BYTES) {
            return false; // at most three bytes per char (a surrogate pair is four bytes for two chars)
        }
        return utf8Length(text) > MAX_BODY_BYTES;
    }

    static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    static IceSdpException bodyError() {
        return new IceSdpException("SDP body has more than " + MAX_BODY_BYTES + " bytes (SdpLimits.MAX_BODY_BYTES)");
    }

    static String lineTooLong(int length) {
        return "line has " + length + " characters, more than " + MAX_LINE_LENGTH + " (SdpLimits.MAX_LINE_LENGTH)";
    }

    static String tooManyMediaSections() {
        return "more than " + MAX_MEDIA_SECTIONS + " m= lines in one body (SdpLimits.MAX_MEDIA_SECTIONS)";
    }

    static String tooManyCandidates() {
        return "more than " + MAX_CANDIDATES_PER_MEDIA
                + " a=candidate lines in one media section (SdpLimits.MAX_CANDIDATES_PER_MEDIA)";
    }
}

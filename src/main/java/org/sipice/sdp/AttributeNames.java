package org.sipice.sdp;

import java.util.List;

/** The names of the attributes this codec interprets, and the order the builders write them in. */
final class AttributeNames {

    private AttributeNames() {
    }

    /** RFC 8839 §5.1, media level only. */
    static final String CANDIDATE = "candidate";
    /** RFC 8839 §5.2, media level only. */
    static final String REMOTE_CANDIDATES = "remote-candidates";
    /** RFC 8839 §5.3, session level only. */
    static final String ICE_LITE = "ice-lite";
    /** RFC 8839 §5.3, media level only, answers only. */
    static final String ICE_MISMATCH = "ice-mismatch";
    /** RFC 8839 §5.4, session or media level. */
    static final String ICE_UFRAG = "ice-ufrag";
    /** RFC 8839 §5.4, session or media level. */
    static final String ICE_PWD = "ice-pwd";
    /** RFC 8839 §5.5, session level (media level accepted). */
    static final String ICE_PACING = "ice-pacing";
    /** RFC 8839 §5.6, session or media level. */
    static final String ICE_OPTIONS = "ice-options";
    /** RFC 8840 (Trickle ICE for SIP), session or media level. */
    static final String END_OF_CANDIDATES = "end-of-candidates";
    /** RFC 3605: the RTCP port and address, the default destination of component 2. */
    static final String RTCP = "rtcp";
    /** RFC 5761: RTP and RTCP share one port, so the stream has one component. */
    static final String RTCP_MUX = "rtcp-mux";

    /**
     * Where a media builder writes an attribute it adds (rather than replaces in place): after every
     * other attribute, RTCP first, then the ICE group in the order RFC 8839 §5 presents it.
     */
    static final List<String> MEDIA_ORDER = List.of(RTCP, RTCP_MUX, ICE_MISMATCH, ICE_UFRAG, ICE_PWD, ICE_OPTIONS,
            ICE_PACING, CANDIDATE, REMOTE_CANDIDATES, END_OF_CANDIDATES);

    /** The same for the session level. */
    static final List<String> SESSION_ORDER = List.of(ICE_LITE, ICE_UFRAG, ICE_PWD, ICE_OPTIONS, ICE_PACING,
            END_OF_CANDIDATES);
}

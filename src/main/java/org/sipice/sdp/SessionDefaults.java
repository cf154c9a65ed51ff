package org.sipice.sdp;

import java.util.List;

/**
 * The session-level values a media section falls back on (RFC 8839 §5.4: "the session-level value
 * is in effect a default for all data streams"), with the lines they came from.
 */
record SessionDefaults(String ufrag, LineRef ufragLine, String pwd, LineRef pwdLine, List<String> iceOptions,
        Integer icePacing, String connectionAddress, boolean endOfCandidates) {

    /** For a media section built on its own, outside any description. */
    static final SessionDefaults NONE = new SessionDefaults(null, null, null, null, List.of(), null, null, false);

    SessionDefaults {
        iceOptions = List.copyOf(iceOptions);
    }
}

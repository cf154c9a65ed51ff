package org.sipice.ice.internal.engine.tcp;

/**
 * Priorities of host TCP candidates (RFC 6544 §4.2): the RFC 8445 §5.1.2.1 formula, with a local
 * preference of {@code (2^13) * direction-pref + other-pref}.
 */
public final class TcpPriority {
    /**
     * RFC 6544 §4.2: "UDP candidates might be preferred over the TCP candidates", which keeps the
     * lower-latency UDP path whenever it works and falls back to TCP. A host TCP candidate's type
     * preference is therefore below a UDP host (126) and server-reflexive (100) candidate's, and
     * above a relayed one's (0): a direct TCP path beats a relay, a UDP path beats both.
     */
    public static final int HOST_TCP_TYPE_PREFERENCE = 90;
    /** RFC 6544 §4.2: recommended direction-pref of host candidates: active 6, passive 4 (S-O 2). */
    public static final int ACTIVE_DIRECTION = 6;
    public static final int PASSIVE_DIRECTION = 4;
    /** RFC 6544 §4.2: other-pref is 13 bits, 0 to 8191. */
    static final int MAX_OTHER_PREFERENCE = 8191;

    private TcpPriority() {
    }

    /**
     * RFC 6544 §4.2: {@code (2^13) * direction-pref + other-pref}; other-pref keeps the host
     * policy's order of addresses ({@code hostRank} 0 = most preferred), unique per candidate of
     * one direction, as RFC 8445 §5.1.2.1 asks of local preferences.
     */
    public static int localPreference(int directionPref, int hostRank) {
        if (directionPref < 0 || directionPref > 7) {
            throw new IllegalArgumentException("direction-pref is 0..7 (RFC 6544 §4.2): " + directionPref);
        }
        int other = MAX_OTHER_PREFERENCE - hostRank;
        if (other < 0) {
            throw new IllegalArgumentException("host rank out of range for other-pref: " + hostRank);
        }
        return (directionPref << 13) + other;
    }

    /** The priority of a host TCP candidate ({@code active} or {@code passive}) of a component. */
    public static long hostPriority(String tcpType, int hostRank, int componentId) {
        int direction = switch (tcpType) {
            case TcpPairing.ACTIVE -> ACTIVE_DIRECTION;
            case TcpPairing.PASSIVE -> PASSIVE_DIRECTION;
            default -> throw new IllegalArgumentException("host TCP candidates are active or passive: " + tcpType);
        };
        // RFC 8445 §5.1.2.1: (2^24)*(type preference) + (2^8)*(local preference) + (256 - component ID).
        return ((long) HOST_TCP_TYPE_PREFERENCE << 24) + ((long) localPreference(direction, hostRank) << 8)
                + (256 - componentId);
    }
}

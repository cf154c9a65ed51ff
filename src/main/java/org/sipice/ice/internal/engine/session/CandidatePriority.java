package org.sipice.ice.internal.engine.session;

import org.sipice.ice.TurnServer;

/**
 * Candidate priorities (RFC 8445 §5.1.2.1):
 * {@code (2^24)*(type preference) + (2^8)*(local preference) + (256 - component ID)}.
 */
final class CandidatePriority {
    /** RFC 8445 §5.1.2.2 recommended type preferences. */
    static final int HOST = 126;
    static final int PEER_REFLEXIVE = 110;
    static final int SERVER_REFLEXIVE = 100;
    static final int RELAYED = 0;
    /** RFC 8445 §5.1.2.1: the local preference of the only or most preferred candidate. */
    static final int MAX_LOCAL_PREFERENCE = 65535;

    private CandidatePriority() {
    }

    static long of(int typePreference, int localPreference, int componentId) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }

    /**
     * RFC 8445 §5.1.2.1: local preferences must be unique among the candidates of one type and
     * component. The host address at {@code hostRank} (0 = most preferred, as
     * {@code HostCandidatePolicy} orders them) and the server at {@code serverIndex} of
     * {@code servers} give {@code 65535 - (hostRank * servers + serverIndex)}: the order of the
     * host addresses first, then the configured order of the servers. Hosts use {@code servers = 1}.
     */
    static int localPreference(int hostRank, int serverIndex, int servers) {
        int rank = hostRank * Math.max(1, servers) + serverIndex;
        if (rank < 0 || rank > MAX_LOCAL_PREFERENCE) {
            throw new IllegalArgumentException("local preference rank out of range: " + rank);
        }
        return MAX_LOCAL_PREFERENCE - rank;
    }

    /**
     * A relayed candidate's local preference: as {@link #localPreference}, lowered when the client
     * reaches its server over TCP, and lower still over TLS, so that every allocation made over
     * UDP is preferred to one made over TCP, and that one to one made over TLS (RFC 8445 §5.1.2.1
     * leaves the local preference to the agent; a relay over TCP adds head-of-line blocking to the
     * media it carries, TLS adds its record overhead and a longer setup). The three bands do not
     * overlap while the rank stays under {@link #RELAY_BAND}.
     */
    static int relayLocalPreference(int hostRank, int serverIndex, int servers, TurnServer.Transport transport) {
        int preference = localPreference(hostRank, serverIndex, servers);
        if (transport == TurnServer.Transport.UDP) {
            return preference;
        }
        if (preference <= MAX_LOCAL_PREFERENCE - RELAY_BAND) {
            throw new IllegalArgumentException("local preference rank out of range for a relay over "
                    + transport + ": " + (MAX_LOCAL_PREFERENCE - preference));
        }
        return preference - (transport == TurnServer.Transport.TCP ? TCP_RELAY_PENALTY : TLS_RELAY_PENALTY);
    }

    /** The ranks a relay over TCP or TLS can take: a quarter of the local-preference range. */
    static final int RELAY_BAND = 16384;
    /** Half the local-preference range: what a relay reached over TCP gives up to one over UDP. */
    static final int TCP_RELAY_PENALTY = 32768;
    /** Three quarters of the range: what a relay reached over TLS gives up to one over UDP. */
    static final int TLS_RELAY_PENALTY = 49152;
}

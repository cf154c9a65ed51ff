package org.sipice.ice.internal.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.sipice.sdp.CandidateType;

/**
 * Foundations (RFC 8445 §5.1.1.3): two candidates share one when they have the same type, the
 * same base IP address, the same STUN or TURN server IP address and the same transport. Checks
 * are unfrozen by foundation across components (§6.1.2.6), so component 2 of the same base gets
 * the foundation of component 1. Short decimal strings, one set per generation.
 */
final class Foundations {
    private final Map<String, String> assigned = new HashMap<>();

    /**
     * @param server the STUN or TURN server for server-reflexive and relayed candidates; null for host
     */
    String of(CandidateType type, InetAddress base, InetSocketAddress server) {
        return of(type, base, server, "udp");
    }

    /** As {@link #of(CandidateType, InetAddress, InetSocketAddress)}, for a transport: {@code udp} or {@code tcp}. */
    String of(CandidateType type, InetAddress base, InetSocketAddress server, String transport) {
        String key = type + " " + base.getHostAddress() + " "
                + (server == null ? "-" : server.getAddress().getHostAddress()) + " " + transport;
        return assigned.computeIfAbsent(key, k -> Integer.toString(assigned.size() + 1));
    }
}

package org.sipice.ice;

import org.sipice.sdp.IceCandidate;

/**
 * A candidate pair as seen by sipice's API: the local and remote candidate, the pair priority
 * (RFC 8445 §6.1.2.3) and whether it was nominated.
 *
 * @param componentId 1 for RTP, 2 for RTCP
 * @param local the local candidate (for a server-reflexive local candidate checks go from its base)
 * @param remote the remote candidate (type {@code prflx} when learnt from a check, RFC 8445 §7.2.5.3.1)
 * @param priority the pair priority
 * @param nominated true once the pair carries a nomination
 */
public record CandidatePairInfo(int componentId, IceCandidate local, IceCandidate remote, long priority,
        boolean nominated) {

    /** Short form for ladders and the RESULT line: {@code host/udp-host/udp}. */
    public String typeSummary() {
        return local.type().sdpName() + "/" + local.transport().toLowerCase() + "-"
                + remote.type().sdpName() + "/" + remote.transport().toLowerCase();
    }

    /** {@code 127.0.0.1:40000 -> 127.0.0.1:40002}. */
    public String addressSummary() {
        return hostPort(local) + " -> " + hostPort(remote);
    }

    private static String hostPort(IceCandidate c) {
        return c.address().contains(":") ? "[" + c.address() + "]:" + c.port() : c.address() + ":" + c.port();
    }

    @Override
    public String toString() {
        return "component " + componentId + " " + typeSummary() + " " + addressSummary()
                + (nominated ? " nominated" : "");
    }
}

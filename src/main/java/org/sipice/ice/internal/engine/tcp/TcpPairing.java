package org.sipice.ice.internal.engine.tcp;

import org.sipice.sdp.IceCandidate;

/**
 * Which local and remote candidates may form a pair by transport (RFC 6544 §6.2), and which TCP
 * pairs are checked. The other rules (component, address family) are the agent's.
 */
public final class TcpPairing {
    public static final String ACTIVE = "active";
    public static final String PASSIVE = "passive";
    /** Simultaneous-open: parsed and signalled by peers, never gathered nor paired here. */
    public static final String SIMULTANEOUS_OPEN = "so";

    private TcpPairing() {
    }

    /**
     * RFC 8445 §6.1.2.2 pairs candidates of one transport; RFC 6544 §6.2 adds that a local active
     * TCP candidate pairs only with a remote passive one and a local passive with a remote active
     * one. S-O candidates and TCP candidates without a tcptype pair with nothing: this agent has
     * no S-O candidate, and RFC 6544 §4.5 makes the attribute mandatory. Any other transport is
     * not paired (RFC 8839 §5.1: an unknown transport is ignored).
     */
    public static boolean transportsPair(IceCandidate local, IceCandidate remote) {
        if (local.isUdp() || remote.isUdp()) {
            return local.isUdp() && remote.isUdp();
        }
        if (!local.isTcp() || !remote.isTcp()) {
            return false;
        }
        return (ACTIVE.equals(local.tcpType()) && PASSIVE.equals(remote.tcpType()))
                || (PASSIVE.equals(local.tcpType()) && ACTIVE.equals(remote.tcpType()));
    }

    /**
     * RFC 6544 §6.2: "When the agent prunes the check list, it MUST also remove any pair for which
     * the local candidate is a passive TCP candidate": such a pair only exists once the peer's
     * active candidate connected and checked it, as a pair learnt from that check (§7.2).
     */
    public static boolean prunedFromCheckList(IceCandidate local) {
        return local.isTcp() && PASSIVE.equals(local.tcpType());
    }

    /**
     * The tcptype of a peer-reflexive remote candidate learnt from a check that came on a
     * connection of {@code local} (RFC 6544 §7.2): the peer connected to a passive candidate from
     * an active one, and answers an active one from a passive one. Null for a UDP candidate.
     */
    public static String peerReflexiveTcpType(IceCandidate local) {
        if (!local.isTcp()) {
            return null;
        }
        return PASSIVE.equals(local.tcpType()) ? ACTIVE : PASSIVE;
    }

    /** An active TCP candidate: signalled at port 9, its connections leave from ephemeral ports (RFC 6544 §4.5). */
    public static boolean isActiveTcp(IceCandidate candidate) {
        return candidate.isTcp() && ACTIVE.equals(candidate.tcpType());
    }
}

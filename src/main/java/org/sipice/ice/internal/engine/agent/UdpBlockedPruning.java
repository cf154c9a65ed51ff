package org.sipice.ice.internal.engine.agent;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.sipice.sdp.CandidateType;

/**
 * Which pairs are not formed when UDP is known blocked on this host's network beyond its own links
 * ({@link AgentSettings#udpBlocked()}: configured, or found while gathering because no server
 * answered over UDP while a TURN allocation over TCP/TLS succeeded).
 *
 * <p>A pair whose local candidate sends UDP from this host (a host candidate, or a server-reflexive
 * one standing for its base, RFC 8445 §6.1.2.4) toward an address on no subnet of that candidate's
 * interface ({@link LocalNetworks}) needs UDP to leave through the router that drops it: its check
 * can only time out. RFC 8445 §6.1.2.4 lets an agent prune pairs before checking ("redundant"
 * ones there; §6.1.2.5 lets it cap the list for its own reasons too), and §8.1.1 leaves to the
 * controlling agent when to stop waiting for better pairs. Left in the list, such pairs stay
 * In-Progress above the relayed pair for their whole 7.9 s transaction and {@link RegularNomination}
 * sits out the relayed pair's 2 s {@link AcceptanceWaits acceptance wait} for them; not formed,
 * nothing above the relayed pair can still succeed and it is nominated as soon as it is valid.
 *
 * <p>A TCP pair (RFC 6544) toward a private address (RFC 1918 §3, RFC 6598 shared space, IPv6
 * unique-local RFC 4193 §1 or link-local) on none of our links is not formed either: such an
 * address is not routed on the Internet, so it is the peer's own LAN behind its NAT, and the
 * connection attempt would sit unanswered above the relayed pair in the same way (the NAT lab's
 * both-sides-blocked call: each side's active TCP candidate toward the other's private passive
 * one). The cost: two sites joined by a routed private network (a VPN) that lets TCP through
 * are relayed instead of direct.
 *
 * <p>Nor a relayed pair toward a private address when our relayed address is public: the TURN
 * server sits on the Internet, where private addresses are not routed (RFC 1918 §3), so its
 * Send indications toward the peer's LAN address go nowhere. That pair outranks the pair between
 * the two relayed candidates (RFC 8445 §6.1.2.3: the host end raises it) and kept the relayed
 * pair that works waiting 2 s (the lab's both-sides-blocked call). A TURN server with a private
 * relayed address (one inside a private network) keeps those pairs.
 *
 * <p>Kept: relayed pairs (the UDP leg is inside the TURN allocation, carried over TCP/TLS to the
 * server, RFC 8656 §3.1), TCP pairs toward public addresses, and host pairs toward an address on
 * one of our links (a LAN peer is reached without the router). When nothing is known of the local candidate's
 * interface the pair is pruned: no routing toward the peer is then known to avoid the router. If
 * the peer's check does arrive over UDP (the detection was wrong: a STUN server merely down), the
 * pair is learnt from it and checked as a triggered check (RFC 8445 §7.3.1.4), so a path that does
 * work is still found, only not first.
 */
final class UdpBlockedPruning {
    private UdpBlockedPruning() {
    }

    /** True when the pair of {@code base} (a base, RFC 8445 §6.1.2.4) toward {@code remote} cannot work. */
    static boolean prunes(LocalCandidate base, InetSocketAddress remote, LocalNetworks networks) {
        if (base.candidate().type() == CandidateType.RELAY) {
            return isPrivate(remote.getAddress()) && !isPrivate(base.base().getAddress());
        }
        if (networks.onLink(base.base().getAddress(), remote.getAddress()).orElse(false)) {
            return false;
        }
        return base.candidate().isUdp() || (base.candidate().isTcp() && isPrivate(remote.getAddress()));
    }

    /** RFC 1918, RFC 6598 (100.64.0.0/10), RFC 4193 (fc00::/7) or link-local: not routed on the Internet. */
    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isLoopbackAddress()) {
            return true;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}

package org.sipice.ice.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sipice.ice.IceConfig;

/**
 * Which host candidates a session offers, and in which order of preference (RFC 8445 §5.1.1.1,
 * §5.1.2). Pure: it sees addresses as values and never touches a socket.
 *
 * <p><b>Explicit addresses.</b> When {@link IceConfig#hostAddresses()} is set, exactly those are
 * used, loopback included, in the order given (the first is the most preferred), minus IPv6 when
 * {@link IceConfig#ipv6()} is off, blocked addresses and link-local addresses.
 *
 * <p><b>Interfaces.</b> Otherwise every address of every interface that is up, is not loopback,
 * passes {@link IceConfig#allowedInterfaces()} (when set, only those names) and
 * {@link IceConfig#blockedInterfaces()}, is not in {@link IceConfig#blockedAddresses()} and is
 * not link-local. RFC 8445 §5.1.1.1 lets an agent leave out addresses: link-local ones are never
 * reachable from another link and need a scope id in SDP; IPv4-mapped, multicast and wildcard
 * addresses are not host addresses at all.
 *
 * <p><b>Order and the cap.</b> At most {@link IceConfig#maxHostCandidates()} are kept (oversized
 * INVITEs: "513 Message too big", pjproject issue 4457), so the order decides which survive:
 * <ol>
 * <li>Real links before virtual ones (Docker and VM bridges, tunnels, VPNs). RFC 8421 §3 asks a
 *     multihomed agent to rank interfaces by how likely they are to work; a container bridge never
 *     reaches the peer, and RFC 5245 §4.1.2.2 gave VPN candidates the lowest local preference
 *     because media through a VPN detours through the VPN's far end.</li>
 * <li>Within each group, the two address families are interleaved: v6, v4, v6, v4…
 *     RFC 8421 §4 asks for interleaving so that a broken family cannot hold back the checks of the
 *     other, and a cap of two on a dual-stack host then keeps one address of each family (pairs
 *     only form within a family, RFC 8445 §6.1.2.2). IPv6 comes first, as RFC 8421 §4 and RFC 6724
 *     rank it; {@link IceConfig#preferIpv6()} false puts IPv4 first, for hosts whose peers (phones,
 *     SBCs, carriers) are reachable over IPv4 only and a cap of one. The default candidate in
 *     {@code c=} is IPv4 either way ({@code DefaultCandidates}, RFC 8445 §5.1.4).</li>
 * <li>IPv6 addresses in RFC 6724 precedence order: global unicast, then unique-local, then 6to4
 *     and Teredo, then anything else (deprecated site-local). Otherwise the interfaces' own
 *     order is kept.</li>
 * </ol>
 *
 * <p><b>Local preference.</b> RFC 8445 §5.1.2.1: 65535 when there is a single address, and unique
 * for each host candidate of a component. The candidate at rank {@code r} of the selection gets
 * {@code 65535 - r}, so the priorities follow the order above and no two are equal (RFC 8445
 * §5.1.2.1: every candidate of a component has a distinct local preference).
 */
final class HostCandidatePolicy {

    /** RFC 8445 §5.1.2.1: the local preference of the only or most preferred address. */
    static final int MAX_LOCAL_PREFERENCE = 65535;

    private HostCandidatePolicy() {
    }

    /**
     * The addresses to bind host candidates on, most preferred first.
     *
     * @param interfaces the machine's interface addresses; ignored when the configuration lists
     *     explicit {@link IceConfig#hostAddresses()}
     */
    static List<InetAddress> select(List<HostAddress> interfaces, IceConfig config) {
        if (!config.hostAddresses().isEmpty()) {
            return explicit(config);
        }
        List<HostAddress> usable = new ArrayList<>();
        for (HostAddress h : interfaces) {
            if (usable(h, config)) {
                usable.add(h);
            }
        }
        List<InetAddress> ordered = new ArrayList<>();
        ordered.addAll(interleave(usable, false, config.preferIpv6()));
        ordered.addAll(interleave(usable, true, config.preferIpv6()));
        return cap(ordered, config);
    }

    /** RFC 8445 §5.1.2.1 local preference of the candidate at {@code rank} (0 = most preferred). */
    static int localPreference(int rank) {
        if (rank < 0 || rank > MAX_LOCAL_PREFERENCE) {
            throw new IllegalArgumentException("rank out of range: " + rank);
        }
        return MAX_LOCAL_PREFERENCE - rank;
    }

    private static List<InetAddress> explicit(IceConfig config) {
        List<InetAddress> kept = new ArrayList<>();
        for (InetAddress a : config.hostAddresses()) {
            if (familyAllowed(a, config) && !a.isLinkLocalAddress() && !config.blockedAddresses().contains(a)) {
                kept.add(a);
            }
        }
        return cap(kept, config);
    }

    private static boolean usable(HostAddress h, IceConfig config) {
        InetAddress a = h.address();
        if (!h.up() || h.loopback() || a.isLoopbackAddress()) {
            return false;
        }
        if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
            return false;
        }
        if (!familyAllowed(a, config)) {
            return false;
        }
        if (!config.allowedInterfaces().isEmpty() && !config.allowedInterfaces().contains(h.interfaceName())) {
            return false;
        }
        return !config.blockedInterfaces().contains(h.interfaceName()) && !config.blockedAddresses().contains(a);
    }

    private static boolean familyAllowed(InetAddress a, IceConfig config) {
        return config.ipv6() || a instanceof Inet4Address;
    }

    /** The addresses of one group (real or virtual links), families interleaved (RFC 8421 §4). */
    private static List<InetAddress> interleave(List<HostAddress> usable, boolean virtual, boolean ipv6First) {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (HostAddress h : usable) {
            if (h.virtual() == virtual) {
                (h.address() instanceof Inet4Address ? v4 : v6).add(h.address());
            }
        }
        v6.sort(Comparator.comparingInt(HostCandidatePolicy::ipv6Class)); // stable: ties keep their order
        return FamilyInterleave.interleave(ipv6First ? v6 : v4, ipv6First ? v4 : v6);
    }

    /** RFC 6724 §2.1 precedence, best first: global, unique-local (fc00::/7), 6to4/Teredo, the rest. */
    static int ipv6Class(InetAddress a) {
        byte[] b = a.getAddress();
        int first = b[0] & 0xff;
        boolean sixToFour = first == 0x20 && (b[1] & 0xff) == 0x02;
        boolean teredo = first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0;
        if (sixToFour || teredo) {
            return 2;
        }
        if ((first & 0xe0) == 0x20) {
            return 0; // 2000::/3 global unicast
        }
        if ((first & 0xfe) == 0xfc) {
            return 1;
        }
        return 3;
    }

    private static List<InetAddress> cap(List<InetAddress> ordered, IceConfig config) {
        Set<InetAddress> unique = new LinkedHashSet<>(ordered);
        return List.copyOf(new ArrayList<>(unique).subList(0, Math.min(unique.size(), config.maxHostCandidates())));
    }
}

package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;

/**
 * Which host candidates a laptop with a Docker bridge, a VPN tunnel and a dual-stack Ethernet
 * link offers, under each filter of {@link IceConfig}. Pure: made-up interfaces, no sockets.
 */
class HostCandidatePolicyTest {

    /** The machine: lo, eth0 (v4, global v6, ULA, link-local v6), docker0 (v4), tun0 (v4), wlan0 down. */
    private static final List<HostAddress> LAPTOP = List.of(
            host("lo", "127.0.0.1"),
            host("lo", "::1"),
            host("docker0", "172.17.0.1"),
            host("eth0", "192.168.1.20"),
            host("eth0", "fd12:3456::20"),
            host("eth0", "2001:db8::20"),
            host("eth0", "fe80::1234"),
            host("tun0", "10.8.0.6"),
            down("wlan0", "192.168.50.7"));

    private static IceConfig.Builder config() {
        return IceConfig.builder();
    }

    private static List<String> select(List<HostAddress> interfaces, IceConfig config) {
        return HostCandidatePolicy.select(interfaces, config).stream().map(InetAddress::getHostAddress)
                .collect(Collectors.toList());
    }

    @Test
    void realLinksComeFirstFamiliesInterleavedIpv6FirstAndNeverLoopbackLinkLocalOrDownInterfaces() {
        // RFC 8421 §4: IPv6 first, then the families alternate.
        assertEquals(List.of(
                "2001:db8:0:0:0:0:0:20", // eth0 global IPv6 before its unique-local address
                "192.168.1.20", // eth0 IPv4
                "fd12:3456:0:0:0:0:0:20",
                "172.17.0.1", // virtual links last, in interface order
                "10.8.0.6"), select(LAPTOP, config().build()));
    }

    @Test
    void withPreferIpv6OffTheInterleaveStartsWithIpv4() {
        assertEquals(List.of("192.168.1.20", "2001:db8:0:0:0:0:0:20", "fd12:3456:0:0:0:0:0:20",
                "172.17.0.1", "10.8.0.6"), select(LAPTOP, config().preferIpv6(false).build()));
        assertEquals(List.of("192.168.1.20"), select(LAPTOP, config().preferIpv6(false).maxHostCandidates(1).build()));
    }

    @Test
    void theCapKeepsTheMostPreferredAddresses() {
        assertEquals(List.of("2001:db8:0:0:0:0:0:20"), select(LAPTOP, config().maxHostCandidates(1).build()));
        // A dual-stack host keeps one address of each family: pairs only form within a family.
        assertEquals(List.of("2001:db8:0:0:0:0:0:20", "192.168.1.20"),
                select(LAPTOP, config().maxHostCandidates(2).build()));
        assertEquals(4, select(LAPTOP, config().maxHostCandidates(4).build()).size());
    }

    @Test
    void withIpv6OffOnlyIpv4AddressesRemain() {
        assertEquals(List.of("192.168.1.20", "172.17.0.1", "10.8.0.6"),
                select(LAPTOP, config().ipv6(false).build()));
    }

    @Test
    void blockedInterfacesAndAddressesAreLeftOut() throws Exception {
        assertEquals(List.of("2001:db8:0:0:0:0:0:20", "192.168.1.20", "fd12:3456:0:0:0:0:0:20"),
                select(LAPTOP, config().blockedInterfaces(List.of("docker0", "tun0")).build()));
        assertEquals(List.of("2001:db8:0:0:0:0:0:20", "192.168.1.20", "172.17.0.1", "10.8.0.6"),
                select(LAPTOP, config().blockedAddresses(List.of(ip("fd12:3456::20"))).build()));
    }

    @Test
    void allowedInterfacesAreTheOnlyOnesUsed() {
        assertEquals(List.of("10.8.0.6"), select(LAPTOP, config().allowedInterfaces(List.of("tun0")).build()));
        // Allowing lo does not bring loopback back: only explicit host addresses can.
        assertEquals(List.of(), select(LAPTOP, config().allowedInterfaces(List.of("lo")).build()));
        // A name both allowed and blocked stays out.
        assertEquals(List.of("10.8.0.6"), select(LAPTOP,
                config().allowedInterfaces(List.of("tun0", "docker0")).blockedInterfaces(List.of("docker0")).build()));
    }

    @Test
    void aMachineWithOnlyLoopbackOffersNothingOnItsOwn() {
        assertEquals(List.of(), select(List.of(host("lo", "127.0.0.1"), host("lo", "::1")), config().build()));
    }

    @Test
    void ipv6AddressesRankGlobalThenUniqueLocalThenTransitionThenTheRest() {
        List<HostAddress> v6 = List.of(
                host("eth0", "fec0::1"), // deprecated site-local
                host("eth0", "2001:0:4136::1"), // Teredo
                host("eth0", "2002:c000:204::1"), // 6to4
                host("eth0", "fd00::1"),
                host("eth0", "2a01:4f8::1"));
        assertEquals(List.of("2a01:4f8:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:1", "2001:0:4136:0:0:0:0:1",
                "2002:c000:204:0:0:0:0:1", "fec0:0:0:0:0:0:0:1"), select(v6, config().build()));
    }

    @Test
    void explicitAddressesAreUsedAsGivenLoopbackIncluded() throws Exception {
        IceConfig twoLoopbacks = config().hostAddresses(List.of(ip("127.0.0.1"), ip("::1"))).build();
        // The machine's interfaces do not matter when addresses are given.
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), select(LAPTOP, twoLoopbacks));
        assertEquals(List.of("0:0:0:0:0:0:0:1", "127.0.0.1"),
                select(List.of(), config().hostAddresses(List.of(ip("::1"), ip("127.0.0.1"))).build()));
        assertEquals(List.of("127.0.0.1"), select(List.of(), twoLoopbacks.toBuilder().ipv6(false).build()));
        assertEquals(List.of("127.0.0.1"), select(List.of(), twoLoopbacks.toBuilder().maxHostCandidates(1).build()));
        assertEquals(List.of("0:0:0:0:0:0:0:1"),
                select(List.of(), twoLoopbacks.toBuilder().blockedAddresses(List.of(ip("127.0.0.1"))).build()));
        assertEquals(List.of("127.0.0.1"), select(List.of(),
                config().hostAddresses(List.of(ip("127.0.0.1"), ip("fe80::1"), ip("127.0.0.1"))).build()));
    }

    @Test
    void localPreferencesAre65535ForTheFirstAndUniqueBelow() {
        assertEquals(65535, HostCandidatePolicy.localPreference(0));
        HashSet<Integer> seen = new HashSet<>();
        for (int rank = 0; rank < 10; rank++) {
            assertTrue(seen.add(HostCandidatePolicy.localPreference(rank)));
        }
        assertTrue(HostCandidatePolicy.localPreference(0) > HostCandidatePolicy.localPreference(1));
    }

    @Test
    void bridgesTunnelsAndVpnsLookVirtualRealLinksDoNot() {
        for (String name : List.of("docker0", "br-3f2a", "veth12ab", "virbr0", "tun0", "tap1", "wg0", "utun3",
                "tailscale0", "vboxnet0", "vmnet8")) {
            assertTrue(HostInterfaces.looksVirtual(name), name);
        }
        for (String name : List.of("eth0", "enp3s0", "wlan0", "wlp2s0", "en0", "ppp0", "br0")) {
            assertFalse(HostInterfaces.looksVirtual(name), name);
        }
    }

    private static HostAddress host(String name, String address) {
        return HostAddress.of(name, ip(address));
    }

    private static HostAddress down(String name, String address) {
        return new HostAddress(name, ip(address), false, false, false);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

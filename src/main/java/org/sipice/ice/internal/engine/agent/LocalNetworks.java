package org.sipice.ice.internal.engine.agent;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an address is on one of the subnets of the interface that holds a local address: the
 * only case where a host candidate of the peer is known to be reachable without a NAT in between
 * ({@link CheckOrder}). A seam: tests give their own answer for their made-up addresses.
 */
@FunctionalInterface
interface LocalNetworks {

    /**
     * True or false when it is known whether {@code remote} is on a subnet of the interface holding
     * {@code local}; empty when {@code local} is on no interface of this host (then nothing is
     * concluded from it).
     */
    Optional<Boolean> onLink(InetAddress local, InetAddress remote);

    /** The host's interfaces ({@link NetworkInterface}), looked up once per local address. */
    LocalNetworks SYSTEM = new LocalNetworks() {
        private final Map<InetAddress, List<InterfaceAddress>> subnets = new ConcurrentHashMap<>();

        @Override
        public Optional<Boolean> onLink(InetAddress local, InetAddress remote) {
            List<InterfaceAddress> on = subnets.computeIfAbsent(local, LocalNetworks::subnetsOf);
            if (on.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(on.stream().anyMatch(a -> sameSubnet(a, remote)));
        }
    };

    /** The addresses (with their prefix lengths) of the interface that holds {@code local}. */
    private static List<InterfaceAddress> subnetsOf(InetAddress local) {
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(local);
            return nif == null ? List.of() : List.copyOf(nif.getInterfaceAddresses());
        } catch (SocketException | RuntimeException e) {
            return List.of();
        }
    }

    /** {@code remote} shares the first {@code getNetworkPrefixLength()} bits of {@code subnet}'s address. */
    static boolean sameSubnet(InterfaceAddress subnet, InetAddress remote) {
        return sameSubnet(subnet.getAddress(), subnet.getNetworkPrefixLength(), remote);
    }

    static boolean sameSubnet(InetAddress network, int prefixLength, InetAddress remote) {
        byte[] a = network.getAddress();
        byte[] b = remote.getAddress();
        if (a.length != b.length || prefixLength < 0) {
            return false;
        }
        int bits = Math.min(prefixLength, a.length * 8);
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}

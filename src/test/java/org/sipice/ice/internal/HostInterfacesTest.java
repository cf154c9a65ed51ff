package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceDefaults;
import org.sipice.ice.IceConfig;

/**
 * The policy over this machine's real interfaces. Nothing is bound and nothing is sent: only
 * properties that hold on any machine are asserted (it may have no usable address at all).
 */
class HostInterfacesTest {

    @Test
    void theMachinesOwnAddressesNeverIncludeLoopbackOrLinkLocalAndRespectTheCap() {
        List<HostAddress> scanned = HostInterfaces.scan();
        assertTrue(scanned.stream().anyMatch(HostAddress::loopback), "lo is listed by the scan: " + scanned);

        List<InetAddress> chosen = HostInterfaces.select(IceConfig.builder().build());
        List<InetAddress> upAddresses = scanned.stream().filter(HostAddress::up).map(HostAddress::address)
                .collect(Collectors.toList());
        for (InetAddress a : chosen) {
            assertFalse(a.isLoopbackAddress() || a.isLinkLocalAddress(), a.toString());
            assertTrue(upAddresses.contains(a), a + " belongs to an interface that is up");
        }
        assertTrue(chosen.size() <= IceDefaults.MAX_HOST_CANDIDATES);

        List<InetAddress> v4 = HostInterfaces.select(IceConfig.builder().ipv6(false).maxHostCandidates(1).build());
        assertTrue(v4.size() <= 1 && v4.stream().allMatch(a -> a instanceof Inet4Address), v4.toString());
    }
}

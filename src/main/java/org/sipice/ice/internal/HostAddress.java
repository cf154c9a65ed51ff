package org.sipice.ice.internal;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of one network interface, as {@link HostCandidatePolicy} sees it: a plain value,
 * so the policy can be tested with a table of made-up interfaces.
 *
 * @param interfaceName the interface's name ({@code eth0}, {@code docker0}, {@code lo})
 * @param address an address bound to it
 * @param up whether the interface is up
 * @param loopback whether the interface or the address is loopback
 * @param virtual whether the interface is a bridge, tunnel or VPN rather than a real link
 *     (see {@link HostInterfaces#looksVirtual})
 */
record HostAddress(String interfaceName, InetAddress address, boolean up, boolean loopback, boolean virtual) {

    HostAddress {
        Objects.requireNonNull(interfaceName);
        Objects.requireNonNull(address);
    }

    /** An up interface; loopback and virtual are derived from the address and the name. */
    static HostAddress of(String interfaceName, InetAddress address) {
        return new HostAddress(interfaceName, address, true, address.isLoopbackAddress(),
                HostInterfaces.looksVirtual(interfaceName));
    }

    @Override
    public String toString() {
        return interfaceName + "/" + address.getHostAddress() + (up ? "" : " down") + (virtual ? " virtual" : "");
    }
}

package org.sipice.ice.internal;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;

/**
 * The machine's interface addresses, read from {@link NetworkInterface} for
 * {@link HostCandidatePolicy}. The filters (allowed and blocked interfaces and addresses, virtual
 * links) travel in each session's {@link IceConfig}, never in process-wide settings.
 */
public final class HostInterfaces {
    private static final Logger LOG = LogManager.getLogger(HostInterfaces.class);

    /**
     * Name prefixes of interfaces that are not a real link to the network: container and VM
     * bridges, tunnels and VPNs (Linux, macOS and BSD names). Their addresses are offered last.
     */
    private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "br-", "veth", "virbr", "vmnet",
            "vboxnet", "vnet", "lxcbr", "lxdbr", "cni", "flannel", "podman", "cali", "kube", "tun", "tap",
            "utun", "wg", "tailscale", "zt", "ipsec", "gif", "stf", "bridge", "awdl", "llw");

    private HostInterfaces() {
    }

    /** The addresses host candidates go on for {@code config}, most preferred first. */
    public static List<InetAddress> select(IceConfig config) {
        List<HostAddress> interfaces = config.hostAddresses().isEmpty() ? scan() : List.of();
        List<InetAddress> chosen = HostCandidatePolicy.select(interfaces, config);
        LOG.debug("host candidates on {} (from {})", chosen,
                config.hostAddresses().isEmpty() ? interfaces : config.hostAddresses());
        return chosen;
    }

    /** Every address of every top-level interface (sub-interfaces' addresses belong to their parent). */
    static List<HostAddress> scan() {
        List<HostAddress> found = new ArrayList<>();
        List<NetworkInterface> interfaces;
        try {
            interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
        } catch (SocketException | NullPointerException e) {
            LOG.warn("cannot list network interfaces: {}", e.toString());
            return found;
        }
        for (NetworkInterface ni : interfaces) {
            try {
                boolean up = ni.isUp();
                boolean loopback = ni.isLoopback();
                // Point-to-point links are mostly VPNs (any vendor's name), except PPP: DSL and
                // dial-up put the real, public address there.
                boolean virtual = ni.isVirtual() || looksVirtual(ni.getName())
                        || (ni.isPointToPoint() && !ni.getName().startsWith("ppp"));
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    if (a != null) {
                        found.add(new HostAddress(ni.getName(), a, up, loopback || a.isLoopbackAddress(), virtual));
                    }
                }
            } catch (SocketException e) {
                LOG.debug("interface {} skipped: {}", ni.getName(), e.toString());
            }
        }
        return found;
    }

    /** Whether an interface name is that of a bridge, tunnel or VPN ({@code docker0}, {@code tun0}, {@code wg0}). */
    static boolean looksVirtual(String interfaceName) {
        String name = interfaceName.toLowerCase(Locale.ROOT);
        for (String prefix : VIRTUAL_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

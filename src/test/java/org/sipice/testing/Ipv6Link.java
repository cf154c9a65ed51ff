package org.sipice.testing;

import java.io.IOException;
import java.util.List;

/**
 * Two network namespaces joined by one veth link, with IPv6 unique local addresses (RFC 4193,
 * fd00::/8) the test assigns: {@code sip6-a-PID} holds {@link #A6} only (an IPv6-only host: no
 * IPv4 address but loopback), {@code sip6-b-PID} holds {@link #B6} and {@link #B4} (dual stack).
 * Its own {@code sip6-} names keep it apart from the NAT lab's and {@link NetNs}'s namespaces.
 * Root only: {@link #create()} skips the test without root (fails it under CI=true).
 */
public final class Ipv6Link implements AutoCloseable {
    private static final String PREFIX = "sip6-";
    /** The IPv6-only side's address. */
    public static final String A6 = "fd00:6::1";
    /** The dual-stack side's IPv6 address. */
    public static final String B6 = "fd00:6::2";
    /** The dual-stack side's IPv4 address. */
    public static final String B4 = "10.206.0.2";

    private final String a;
    private final String b;

    private Ipv6Link(String a, String b) {
        this.a = a;
        this.b = b;
    }

    public static Ipv6Link create() throws IOException, InterruptedException {
        RealPeers.requireRoot("a test with IPv6 network namespaces");
        RealPeers.require("ip", "iproute2");
        long pid = ProcessHandle.current().pid();
        removeStale();
        Ipv6Link link = new Ipv6Link(PREFIX + "a-" + pid, PREFIX + "b-" + pid);
        try {
            run("ip", "netns", "add", link.a);
        } catch (IOException e) {
            RealPeers.unavailable("cannot create a network namespace (" + e.getMessage() + ")");
        }
        try {
            run("ip", "netns", "add", link.b);
            for (String ns : List.of(link.a, link.b)) {
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            // Made in namespace a, one end moved to b: nothing is left in the machine's own namespace.
            run("ip", "-n", link.a, "link", "add", "v6a", "type", "veth", "peer", "name", "v6b", "netns", link.b);
            // nodad: usable at once, without the 1-2 s of duplicate address detection (RFC 4862 §5.4).
            run("ip", "-n", link.a, "addr", "add", A6 + "/64", "dev", "v6a", "nodad");
            run("ip", "-n", link.b, "addr", "add", B6 + "/64", "dev", "v6b", "nodad");
            run("ip", "-n", link.b, "addr", "add", B4 + "/24", "dev", "v6b");
            run("ip", "-n", link.a, "link", "set", "v6a", "up");
            run("ip", "-n", link.b, "link", "set", "v6b", "up");
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** The IPv6-only namespace. */
    public String a() {
        return a;
    }

    /** The dual-stack namespace. */
    public String b() {
        return b;
    }

    /** Ends the processes inside and deletes both namespaces (the veth pair goes with them). */
    @Override
    public void close() {
        for (String ns : List.of(a, b)) {
            NetNs.deleteQuietly(ns, "Ipv6Link");
        }
    }

    /** Namespaces of an earlier test JVM that died before its clean-up (its PID is gone). */
    private static void removeStale() throws IOException, InterruptedException {
        NetNs.removeStale(PREFIX, ns -> ns.substring(ns.lastIndexOf('-') + 1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return NetNs.run(List.of(command));
    }

    @Override
    public String toString() {
        return a + " (" + A6 + ") <-> " + b + " (" + B6 + ", " + B4 + ")";
    }
}

package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A private network namespace for tests with real peers (docs/REAL-PEERS.md §1): {@code lo}
 * plus one veth pair whose first end holds a private address and the default route. Both veth
 * ends live inside the namespace, so nothing appears in the machine's own namespace and all
 * traffic stays inside. baresip's ICE and ice4j skip loopback, which is why the veth address is
 * needed. Root only; {@link #close()} ends every process inside and deletes the namespace.
 *
 * <pre>
 *   try (NetNs ns = NetNs.create("baresip")) {
 *       PeerProcess p = PeerProcess.start("x", ns.command("baresip", "-f", dir));
 *   }
 * </pre>
 */
public final class NetNs implements AutoCloseable {
    private static final String PREFIX = "sipice-";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    private final String address;

    private NetNs(String name, String address) {
        this.name = name;
        this.address = address;
    }

    /**
     * Creates {@code sipice-TAG-PID-N} with the address 10.201.X.1/24 on its veth (X unique per
     * namespace of this JVM). Skips the test (fails under CI=true) without root or iproute2.
     */
    public static NetNs create(String tag) throws IOException, InterruptedException {
        RealPeers.requireRoot("a test with real peers");
        RealPeers.require("ip", "iproute2");
        removeStale();
        long pid = ProcessHandle.current().pid();
        int n = SEQUENCE.incrementAndGet();
        String name = PREFIX + tag + "-" + pid + "-" + n;
        String address = "10.201." + (int) ((pid * 7 + n) % 250 + 1) + ".1";
        NetNs ns = new NetNs(name, address);
        try {
            ip("netns", "add", name);
        } catch (IOException e) {
            RealPeers.unavailable("cannot create a network namespace (" + e.getMessage() + ")");
        }
        try {
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
            ip("-n", name, "addr", "add", address + "/24", "dev", "veth0");
            ip("-n", name, "link", "set", "veth0", "up");
            ip("-n", name, "link", "set", "veth1", "up");
            ip("-n", name, "route", "add", "default", "dev", "veth0");
            // IPv4 candidates only, as docs/REAL-PEERS.md §1 says.
            run(List.of("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"));
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** The namespace's private address on its veth (e.g. 10.201.17.1): what peers bind to. */
    public String address() {
        return address;
    }

    /** {@code ip netns exec NAME command...}: the command runs inside the namespace. */
    public List<String> command(String... command) {
        return command(List.of(command));
    }

    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Ends every process still inside (SIGTERM, then SIGKILL) and deletes the namespace. */
    @Override
    public void close() {
        deleteQuietly(name, "NetNs");
    }

    /**
     * Ends every process inside {@code ns} and deletes it; a failure is printed, not thrown, so
     * that a clean-up goes on. For the fixtures of this package that make namespaces (Ipv6Link).
     */
    static void deleteQuietly(String ns, String fixture) {
        try {
            endProcessesIn(ns);
            run(List.of("ip", "netns", "del", ns));
        } catch (IOException | RuntimeException e) {
            System.err.println(fixture + ": cannot delete " + ns + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Namespaces left by an earlier test JVM that died before its clean-up: their PID is gone. */
    private static void removeStale() throws IOException, InterruptedException {
        removeStale(PREFIX, ns -> {
            String[] parts = ns.split("-");
            return parts.length < 4 ? null : parts[parts.length - 2];
        });
    }

    /**
     * Deletes the namespaces named {@code prefix...} whose owner, the PID {@code owner} reads from
     * the name (null: not one of ours), is gone: left by a test JVM that died before its clean-up.
     */
    static void removeStale(String prefix, Function<String, String> owner) throws IOException, InterruptedException {
        for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            String pid = ns.startsWith(prefix) ? owner.apply(ns) : null;
            if (pid == null) {
                continue;
            }
            try {
                if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    deleteQuietly(ns, "NetNs");
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
    }

    private static void endProcessesIn(String ns) throws IOException, InterruptedException {
        List<ProcessHandle> inside = new ArrayList<>();
        for (String pid : run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(inside::add);
            }
        }
        inside.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : inside) {
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    /** Runs a short command; returns its output, throws with the output if it fails. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 10 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + text.trim());
        }
        return text;
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}

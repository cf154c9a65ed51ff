package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.natprobe.NatBehaviour;

/**
 * One NAT lab built by {@code scripts/natlab} (docs/natlab.md): LAN a (10.210.1.2) behind router
 * ra, LAN b (10.210.2.2) behind router rb, coturn on 203.0.113.1:3478 (alternate 203.0.113.2).
 * Each instance has its own id, hence its own namespaces ({@code snlID-*}): labs run in parallel.
 * Root only; {@link #close()} tears it down (every process inside ends).
 */
public final class NatLab implements AutoCloseable {
    public static final String STUN = "203.0.113.1:3478";
    public static final String A_ADDRESS = "10.210.1.2";
    public static final String B_ADDRESS = "10.210.2.2";
    public static final String TURN_USER_A = "alice";
    public static final String TURN_PASS_A = "alicepw";
    public static final String TURN_USER_B = "bob";
    public static final String TURN_PASS_B = "bobpw";
    /** The redirecting coturn of {@link Options#withTurnRedirect()} (UDP and TCP). */
    public static final String TURN_REDIRECTOR = "198.51.100.1:3478";
    private static final Path SCRIPT = Path.of("scripts", "natlab").toAbsolutePath();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One router's RFC 4787 behaviour, e.g. {@code eim/apdf}. */
    public record NatType(NatBehaviour.Mapping mapping, NatBehaviour.Filtering filtering) {
        /** The 9 combinations of EIM/ADM/APDM and EIF/ADF/APDF. */
        public static List<NatType> all() {
            List<NatType> all = new ArrayList<>();
            for (NatBehaviour.Mapping m : List.of(NatBehaviour.Mapping.ENDPOINT_INDEPENDENT,
                    NatBehaviour.Mapping.ADDRESS_DEPENDENT, NatBehaviour.Mapping.ADDRESS_AND_PORT_DEPENDENT)) {
                for (NatBehaviour.Filtering f : List.of(NatBehaviour.Filtering.ENDPOINT_INDEPENDENT,
                        NatBehaviour.Filtering.ADDRESS_DEPENDENT, NatBehaviour.Filtering.ADDRESS_AND_PORT_DEPENDENT)) {
                    all.add(new NatType(m, f));
                }
            }
            return all;
        }

        public String label() {
            return mapping.label() + "/" + filtering.label();
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * Lab options beyond the two routers' behaviours; {@code egressA/B}: what each router lets out;
     * {@code turnTls}: coturn also serves TLS ({@link LabTls}, {@link NatLab#turnCaFile()});
     * {@code turnRedirect}: a second coturn at {@link #TURN_REDIRECTOR} redirects to the first.
     */
    public record Options(boolean hairpin, boolean turn, int udpTimeoutSeconds, int delayMs, double lossPercent,
            RouterEgress egressA, RouterEgress egressB, boolean turnTls, boolean turnRedirect) {
        public static final Options DEFAULT = new Options(false, true, 30, 0, 0, RouterEgress.OPEN,
                RouterEgress.OPEN, false, false);

        public Options withDelay(int oneWayMs, double loss) {
            return new Options(hairpin, turn, udpTimeoutSeconds, oneWayMs, loss, egressA, egressB, turnTls,
                    turnRedirect);
        }

        public Options withUdpTimeout(int seconds) {
            return new Options(hairpin, turn, seconds, delayMs, lossPercent, egressA, egressB, turnTls, turnRedirect);
        }

        public Options withHairpin(boolean on) {
            return new Options(on, turn, udpTimeoutSeconds, delayMs, lossPercent, egressA, egressB, turnTls,
                    turnRedirect);
        }

        public Options withEgress(RouterEgress a, RouterEgress b) {
            return new Options(hairpin, turn, udpTimeoutSeconds, delayMs, lossPercent, a, b, turnTls, turnRedirect);
        }

        /** coturn also on TLS: 5349, and 443 beside plain TCP (scripts/natlab up --turn-cert). */
        public Options withTurnTls() {
            return new Options(hairpin, turn, udpTimeoutSeconds, delayMs, lossPercent, egressA, egressB, true,
                    turnRedirect);
        }

        /**
         * A second coturn at {@link #TURN_REDIRECTOR} that answers every Allocate 300 Try Alternate
         * naming {@link #STUN} (RFC 8656 §7.2; scripts/natlab up --turn-redirect).
         */
        public Options withTurnRedirect() {
            return new Options(hairpin, turn, udpTimeoutSeconds, delayMs, lossPercent, egressA, egressB, turnTls,
                    true);
        }
    }

    private final int id;
    private final Options options;
    private NatType a;
    private NatType b;

    private NatLab(int id, NatType a, NatType b, Options options) {
        this.id = id;
        this.a = a;
        this.b = b;
        this.options = options;
    }

    /** Builds a lab with a fresh id. Skips (fails under CI=true) without root, ip, nft or conntrack. */
    public static NatLab up(NatType a, NatType b, Options options) throws IOException, InterruptedException {
        require(options.turn());
        long pid = ProcessHandle.current().pid();
        int id = claimId(100 + (int) ((pid * 31 + SEQUENCE.incrementAndGet()) % 900));
        List<String> args = new ArrayList<>(List.of("up", "--id", Integer.toString(id), "--a", a.label(), "--b",
                b.label(), "--udp-timeout", Integer.toString(options.udpTimeoutSeconds()),
                options.egressA().option("a"), options.egressB().option("b")));
        if (options.hairpin()) {
            args.add("--hairpin");
        }
        if (!options.turn()) {
            args.add("--no-turn");
        }
        if (options.turnRedirect()) {
            args.add("--turn-redirect");
        }
        if (options.delayMs() > 0 || options.lossPercent() > 0) {
            args.addAll(List.of("--delay", Integer.toString(options.delayMs()), "--loss",
                    Double.toString(options.lossPercent())));
        }
        NatLab lab = new NatLab(id, a, b, options);
        Path certs = options.turnTls() ? java.nio.file.Files.createTempDirectory("sipice-natlab-tls") : null;
        try {
            if (certs != null) {
                List<Path> pem = LabTls.writeServer(certs);
                args.addAll(List.of("--turn-cert", pem.get(0).toString(), "--turn-key", pem.get(1).toString()));
            }
            lab.script(args); // copies the certificate and key into the lab's state dir
            if (certs != null) {
                LabTls.writeCa(lab.turnCaFile());
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        } finally {
            if (certs != null) {
                for (String f : List.of("turn-cert.pem", "turn-key.pem", "")) {
                    java.nio.file.Files.deleteIfExists(certs.resolve(f));
                }
            }
        }
        return lab;
    }

    /**
     * Skips the test (fails it under CI=true) without root or the lab's programs. Call it on the
     * test's own thread before building labs on others, so a skip is not reported as an error.
     */
    public static void require(boolean turn) {
        RealPeers.requireRoot("the NAT lab");
        RealPeers.require("ip", "iproute2");
        RealPeers.require("nft", "nftables");
        RealPeers.require("conntrack", "conntrack");
        if (turn) {
            RealPeers.require("turnserver", "coturn");
        }
    }

    /** Switches the routers' behaviours at run time (new ruleset, conntrack flushed). */
    public void set(NatType newA, NatType newB) throws IOException, InterruptedException {
        script(List.of("set", "--id", Integer.toString(id), "--a", newA.label(), "--b", newB.label()));
        this.a = newA;
        this.b = newB;
    }

    /** What the routers let out (fixed when the lab is built; {@link #set} keeps it). */
    public Options options() {
        return options;
    }

    public NatType a() {
        return a;
    }

    public NatType b() {
        return b;
    }

    public int id() {
        return id;
    }

    /**
     * The CA certificate coturn's TLS certificate chains to, for {@code --turn-ca-file}: in the
     * lab's state dir, gone with the lab. Only with {@link Options#withTurnTls()}.
     */
    public Path turnCaFile() {
        return stateDir().resolve("turn-ca.pem");
    }

    /** The lab's state dir ({@code scripts/natlab}'s): files put there go with the lab. */
    public Path stateDir() {
        return Path.of("/run/sipice-natlab", Integer.toString(id));
    }

    /** The namespace of a lab host: {@code a}, {@code b}, {@code ra}, {@code rb} or {@code pub}. */
    public String namespace(String host) {
        return "snl" + id + "-" + host;
    }

    /** {@code ip netns exec snlID-HOST command...}. */
    public List<String> command(String host, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        full.addAll(command);
        return full;
    }

    /**
     * Runs {@code sipice nat-probe} in both LANs at once and returns each side's RESULT fields
     * (index 0: a, 1: b).
     */
    public List<Map<String, String>> probe(String... extraArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("nat-probe", "--stun", STUN));
        args.addAll(List.of(extraArgs));
        try (SipiceProcess pa = SipiceProcess.startIn(namespace("a"), args.toArray(String[]::new));
                SipiceProcess pb = SipiceProcess.startIn(namespace("b"), args.toArray(String[]::new))) {
            return List.of(pa.awaitResult(Duration.ofSeconds(60)), pb.awaitResult(Duration.ofSeconds(60)));
        }
    }

    /**
     * The self-check: measures both routers with the probe and throws (the lab must not be used)
     * unless each behaves as labelled; a router with restricted egress is measured by what gets
     * out ({@link RouterEgress#measure}) instead of its NAT behaviour, which no UDP probe sees.
     */
    public void selfCheck() throws IOException, InterruptedException {
        List<Map<String, String>> r = probe("--lifetime-max", "0", "--no-hairpinning", "--wait", "400", "--rto", "50");
        String got = measured("a", options.egressA(), r.get(0)) + " " + measured("b", options.egressB(), r.get(1));
        String want = labelled(a, options.egressA()) + " " + labelled(b, options.egressB());
        if (!got.equals(want)) {
            throw new IllegalStateException("NAT lab " + id + " does not behave as labelled: routers are " + want
                    + " but measure " + got + " (" + r + ")");
        }
    }

    private String measured(String side, RouterEgress egress, Map<String, String> probe)
            throws IOException, InterruptedException {
        return egress.letsUdpOut() ? probe.get("mapping") + "/" + probe.get("filtering")
                : "egress=" + RouterEgress.measure(this, side, probe).label();
    }

    private static String labelled(NatType type, RouterEgress egress) {
        return egress.letsUdpOut() ? type.label() : "egress=" + egress.label();
    }

    private void script(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("scripts/natlab " + args + " did not finish in 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("scripts/natlab " + args + " failed (" + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8).trim());
        }
    }

    @Override
    public void close() {
        try {
            script(List.of("down", "--id", Integer.toString(id)));
        } catch (IOException e) {
            System.err.println("NatLab: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(id);
        }
    }

    /** Where lab ids are claimed: one directory per id in use, holding its owner's PID. */
    private static final Path CLAIMS = Path.of(System.getProperty("java.io.tmpdir"), "sipice-natlab-ids");

    /**
     * The first id from {@code preferred} on that no other live JVM holds. Test classes run in two
     * JVMs at once, and {@code scripts/natlab up} starts with a {@code down} of its id, so two labs
     * must never share one: the claim is a directory, whose creation is atomic.
     */
    private static int claimId(int preferred) throws IOException {
        java.nio.file.Files.createDirectories(CLAIMS);
        for (int i = 0; i < 900; i++) {
            int id = 100 + (preferred - 100 + i) % 900;
            Path claim = CLAIMS.resolve(Integer.toString(id));
            try {
                java.nio.file.Files.createDirectory(claim);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (!ownerIsGone(claim)) {
                    continue;
                }
                release(id); // its JVM died without closing the lab; up's own down clears the lab
                try {
                    java.nio.file.Files.createDirectory(claim);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    continue;
                }
            }
            java.nio.file.Files.writeString(claim.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
            return id;
        }
        throw new IOException("no free NAT lab id in " + CLAIMS);
    }

    private static boolean ownerIsGone(Path claim) {
        try {
            long owner = Long.parseLong(java.nio.file.Files.readString(claim.resolve("pid")).trim());
            return ProcessHandle.of(owner).map(h -> !h.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            // Being written right now, or left half-written by a JVM that died: old means dead.
            try {
                return java.nio.file.Files.getLastModifiedTime(claim).toMillis() < System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return false;
            }
        }
    }

    private static void release(int id) {
        Path claim = CLAIMS.resolve(Integer.toString(id));
        try {
            java.nio.file.Files.deleteIfExists(claim.resolve("pid"));
            java.nio.file.Files.deleteIfExists(claim);
        } catch (IOException e) {
            System.err.println("NatLab: cannot release id " + id + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "natlab " + id + " (a " + a + ", b " + b + ")";
    }
}

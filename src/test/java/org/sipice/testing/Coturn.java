package org.sipice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sipice.ice.TurnServer;
import org.sipice.internal.tls.TlsIdentity;

/**
 * A real TURN server for tests: coturn ({@code turnserver}, Debian package {@code coturn}) on
 * 127.0.0.1 with its own generated configuration (never {@code /etc/turnserver.conf}), long-term
 * credentials {@value #USER}/{@value #PASSWORD}, its own sqlite user database, log and pid file in
 * a temporary directory. Start one per test class; {@link #close()} stops it by its PID.
 *
 * <p><b>How allocations are counted.</b> coturn 4.6.1 with {@code verbose} and {@code simple-log}
 * writes one line per allocation event, keyed by a session id:
 * <pre>
 * session 001000000000000001: new, realm=&lt;sipice.test&gt;, username=&lt;alice&gt;, lifetime=8
 * session 001000000000000001: refreshed, realm=&lt;sipice.test&gt;, username=&lt;alice&gt;, lifetime=8
 * session 001000000000000001: closed (2nd stage), user &lt;alice&gt; ... reason: allocation timeout
 * session 001000000000000001: delete: realm=&lt;sipice.test&gt;, username=&lt;alice&gt;
 * </pre>
 * An allocation is alive from its {@code new} line until its {@code delete:} line (written both
 * for a Refresh with lifetime 0 and for an expiry). {@link #liveAllocations()} counts the
 * difference; coturn has no other query interface here ({@code no-cli}).
 */
public final class Coturn implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";
    public static final String REALM = "sipice.test";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern NEW = Pattern.compile("session (\\d+): new, ");
    private static final Pattern DELETED = Pattern.compile("session (\\d+): delete: ");
    private static final Pattern REFRESHED = Pattern.compile("session (\\d+): refreshed, .*lifetime=(\\d+)");

    private final Process process;
    private final Path dir;
    private final Path log;
    private final InetSocketAddress address;
    /** coturn's TLS listener, 0 without {@link Settings#tls}. */
    private final int tlsPort;

    private Coturn(Process process, Path dir, Path log, InetSocketAddress address, int tlsPort) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.address = address;
        this.tlsPort = tlsPort;
    }

    /** Settings that tests vary; everything else is fixed. */
    public static final class Settings {
        private int maxAllocateLifetime = 600;
        private Integer permissionLifetime;
        private Integer channelLifetime;
        private Integer staleNonce;
        private boolean tcp;
        private String authSecret;
        private TlsIdentity tls;
        private InetSocketAddress alternateServer;
        private Integer port;

        /** coturn's {@code max-allocate-lifetime}: every allocation gets at most this (seconds). */
        public Settings maxAllocateLifetime(int seconds) {
            this.maxAllocateLifetime = seconds;
            return this;
        }

        /** coturn's {@code permission-lifetime} (RFC 8656 fixes 300 s; shorter shows a missing renewal). */
        public Settings permissionLifetime(int seconds) {
            this.permissionLifetime = seconds;
            return this;
        }

        /** coturn's {@code channel-lifetime} (RFC 8656: 600 s). */
        public Settings channelLifetime(int seconds) {
            this.channelLifetime = seconds;
            return this;
        }

        /** coturn's {@code stale-nonce}: nonces expire after this, and requests get 438 (RFC 8489 §9.2.5). */
        public Settings staleNonce(int seconds) {
            this.staleNonce = seconds;
            return this;
        }

        /** coturn also listens on TCP, on the same port (RFC 8656 §3.1); without it, UDP only. */
        public Settings tcp() {
            this.tcp = true;
            return this;
        }

        /**
         * coturn's {@code use-auth-secret} with {@code static-auth-secret}: time-limited credentials
         * derived from this secret ({@link TurnServer#withSharedSecret}) instead of the static user.
         */
        public Settings authSecret(String secret) {
            this.authSecret = secret;
            return this;
        }

        /** coturn also listens for TLS on a port of its own (RFC 8656 §3.1), with {@code identity}'s PEM files. */
        public Settings tls(TlsIdentity identity) {
            this.tls = identity;
            return this;
        }

        /**
         * coturn's {@code alternate-server}: every Allocate is answered 300 Try Alternate naming
         * {@code server} (RFC 8489 §10, RFC 8656 §7.2); this coturn allocates nothing.
         */
        public Settings alternateServer(InetSocketAddress server) {
            this.alternateServer = server;
            return this;
        }

        /**
         * Listens on {@code port} (from {@link Coturn#freePort}) instead of one chosen at start, so
         * that two coturns can name each other as {@link #alternateServer} (coturn ignores an
         * alternate-server that is itself).
         */
        public Settings port(int port) {
            this.port = port;
            return this;
        }

        public Coturn start() throws IOException, InterruptedException {
            return Coturn.start(this);
        }
    }

    public static Settings settings() {
        return new Settings();
    }

    /** Starts coturn with default settings (600 s lifetimes) and waits until it answers STUN. */
    public static Coturn start() throws IOException, InterruptedException {
        return start(new Settings());
    }

    private static Coturn start(Settings settings) throws IOException, InterruptedException {
        RealPeers.require("turnserver", "coturn");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before coturn binds it
            Path dir = Files.createTempDirectory("sipice-coturn");
            int port = settings.port != null ? settings.port : freePort(settings.tcp);
            Path config = dir.resolve("turnserver.conf");
            Path log = dir.resolve("turn.log");
            int tlsPort = 0;
            if (settings.tls != null) {
                settings.tls.writePem(dir.resolve("cert.pem"), dir.resolve("pkey.pem"));
                tlsPort = freeTcpPort(port);
            }
            Files.writeString(config, config(settings, dir, log, port, tlsPort));
            Process process = new ProcessBuilder(RealPeers.find("turnserver").toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
            Coturn coturn = new Coturn(process, dir, log, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    tlsPort);
            try {
                coturn.awaitReady();
                return coturn;
            } catch (IOException e) {
                last = e;
                coturn.close();
            }
        }
        throw last;
    }

    private static String config(Settings s, Path dir, Path log, int port, int tlsPort) {
        List<String> lines = new ArrayList<>(List.of(
                "listening-ip=127.0.0.1",
                "listening-port=" + port,
                "relay-ip=127.0.0.1",
                // Wide, so allocations a test leaks never exhaust the range (docs/REAL-PEERS.md §2).
                "min-port=40000",
                "max-port=59999",
                "lt-cred-mech",
                "realm=" + REALM,
                "userdb=" + dir.resolve("turndb"),
                "fingerprint",
                "allow-loopback-peers",
                "no-cli",
                "no-multicast-peers",
                "no-dtls",
                "no-rfc5780",
                "no-software-attribute",
                "verbose",
                "log-file=" + log,
                "simple-log",
                "no-stdout-log",
                "pidfile=" + dir.resolve("turnserver.pid"),
                "max-allocate-lifetime=" + s.maxAllocateLifetime));
        if (s.authSecret == null) {
            lines.add("user=" + USER + ":" + PASSWORD);
        } else {
            lines.add("use-auth-secret");
            lines.add("static-auth-secret=" + s.authSecret);
        }
        if (!s.tcp) {
            lines.add("no-tcp");
        }
        if (s.tls == null) {
            lines.add("no-tls");
        } else {
            lines.addAll(List.of("tls-listening-port=" + tlsPort, "cert=" + dir.resolve("cert.pem"),
                    "pkey=" + dir.resolve("pkey.pem")));
        }
        if (s.permissionLifetime != null) {
            lines.add("permission-lifetime=" + s.permissionLifetime);
        }
        if (s.channelLifetime != null) {
            lines.add("channel-lifetime=" + s.channelLifetime);
        }
        if (s.staleNonce != null) {
            lines.add("stale-nonce=" + s.staleNonce);
        }
        if (s.alternateServer != null) {
            lines.add("alternate-server=" + s.alternateServer.getAddress().getHostAddress() + ":"
                    + s.alternateServer.getPort());
        }
        return String.join("\n", lines) + "\n";
    }

    /** A loopback port free for UDP and, when coturn will listen on TCP too, for TCP as well. */
    public static int freePort(boolean tcpToo) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = s.getLocalPort();
                if (!tcpToo) {
                    return port;
                }
                try (ServerSocket t = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException takenForTcp) {
                    if (attempt >= 20) {
                        throw takenForTcp;
                    }
                }
            }
        }
    }

    /** A loopback TCP port free now, other than {@code not} (coturn's TCP port, if it listens on TCP). */
    private static int freeTcpPort(int not) throws IOException {
        try (ServerSocket t = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return t.getLocalPort() != not ? t.getLocalPort() : freeTcpPort(not);
        }
    }

    /** Sends STUN Binding requests (RFC 8489 §5) until one is answered, within a deadline. */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        byte[] request = new byte[20];
        new SecureRandom().nextBytes(request);
        request[0] = 0x00; // Binding request
        request[1] = 0x01;
        request[2] = 0x00; // no attributes
        request[3] = 0x00;
        request[4] = 0x21; // magic cookie
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(100); // the retransmission interval of this probe
            byte[] buffer = new byte[1500];
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("coturn exited with " + process.exitValue() + ": " + tail());
                }
                socket.send(new DatagramPacket(request, request.length, address));
                try {
                    DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                    socket.receive(response);
                    if (response.getLength() >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01) {
                        return; // Binding success response
                    }
                } catch (SocketTimeoutException e) {
                    // not listening yet: send again
                }
            }
        }
        throw new IOException("coturn did not answer STUN on " + address + " within " + READY_TIMEOUT.toMillis()
                + " ms: " + tail());
    }

    /** Where clients send Allocate requests (UDP). */
    public InetSocketAddress address() {
        return address;
    }

    /** This server with the right credentials. */
    public TurnServer turnServer() {
        return new TurnServer(address, USER, PASSWORD);
    }

    /** This server over TCP with the right credentials (needs {@link Settings#tcp()}). */
    public TurnServer tcpTurnServer() {
        return TurnServer.tcp(address, USER, PASSWORD);
    }

    /** Over TLS (needs {@link Settings#tls}), its certificate checked against {@code caFile} and 127.0.0.1. */
    public TurnServer tlsTurnServer(Path caFile) {
        if (tlsPort == 0) {
            throw new IllegalStateException("coturn was started without a TLS listener (Settings.tls)");
        }
        return TurnServer.tls(new InetSocketAddress("127.0.0.1", tlsPort), USER, PASSWORD).withCaFile(caFile);
    }

    /** This server with {@link #USER} and another password. */
    public TurnServer turnServer(String password) {
        return new TurnServer(address, USER, password);
    }

    /** Allocations created and not yet deleted, from coturn's log (see the class comment). */
    public int liveAllocations() {
        Set<String> live = new HashSet<>();
        for (String line : logLines()) {
            Matcher created = NEW.matcher(line);
            if (created.find()) {
                live.add(created.group(1));
            }
            Matcher deleted = DELETED.matcher(line);
            if (deleted.find()) {
                live.remove(deleted.group(1));
            }
        }
        return live.size();
    }

    /** Allocations that coturn has created since it started. */
    public int createdAllocations() {
        return (int) logLines().stream().filter(l -> NEW.matcher(l).find()).count();
    }

    /** Refreshes coturn accepted that kept an allocation alive (lifetime above 0). */
    public int refreshes() {
        int n = 0;
        for (String line : logLines()) {
            Matcher m = REFRESHED.matcher(line);
            if (m.find() && Integer.parseInt(m.group(2)) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Log lines containing {@code text}. */
    public List<String> logLinesContaining(String text) {
        List<String> out = new ArrayList<>();
        for (String line : logLines()) {
            if (line.contains(text)) {
                out.add(line);
            }
        }
        return out;
    }

    private List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /**
     * Stops coturn by its PID (SIGTERM, then SIGKILL after 5 s), keeps its log as
     * {@code target/coturn/<port>.log} for diagnosis, and removes its directory.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Path kept = Path.of("target", "coturn");
            Files.createDirectories(kept);
            if (Files.exists(log)) {
                Files.copy(log, kept.resolve(address.getPort() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // diagnosis only
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "coturn " + address + " (pid " + process.pid() + ")";
    }
}

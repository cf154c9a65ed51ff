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
    private static final InetAddress IPV6_LOOPBACK = InetAddress.getLoopbackAddress() instanceof java.net.Inet6Address v6
            ? v6 : ipv6Loopback();
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
    public static CoturnSettings settings() {
        return new CoturnSettings();
    }

    /** Starts coturn with default settings (600 s lifetimes) and waits until it answers STUN. */
    public static Coturn start() throws IOException, InterruptedException {
        return start(new CoturnSettings());
    }

    static Coturn start(CoturnSettings settings) throws IOException, InterruptedException {
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
            Files.writeString(config, settings.config(dir, log, port, tlsPort));
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

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where clients send Allocate requests (UDP). */
    public InetSocketAddress address() {
        return address;
    }

    /** Where clients send Allocate requests over IPv6 (UDP; needs {@link Settings#dualStack()}). */
    public InetSocketAddress address6() {
        return new InetSocketAddress(IPV6_LOOPBACK, address.getPort());
    }

    /** This server at {@link #address6()} with the right credentials. */
    public TurnServer turnServer6() {
        return new TurnServer(address6(), USER, PASSWORD);
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

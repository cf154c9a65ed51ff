package org.sipice.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SIPp (Debian {@code sip-tester}) running one scenario for one call on 127.0.0.1, with its
 * message trace ({@code -trace_msg}) read back as a ladder from SIPp's side:
 * {@code "-> INVITE +SDP"}, {@code "<- 183 Session Progress (INVITE) [100rel] +SDP"}, the same
 * notation as {@link CallRecorder#ladder()}. SIPp does not do ICE: the offer or answer in a
 * scenario names candidates on two ports passed as {@code -key rtp_port} and
 * {@code -key rtcp_port}, where nothing answers the checks.
 */
public final class Sipp implements AutoCloseable {
    private static final String LOCALHOST = "127.0.0.1";
    private static final String SEPARATOR = "-----------------------------------------------";

    private final PeerProcess process;
    private final Path dir;
    private final int port;
    private final boolean tcp;

    private Sipp(PeerProcess process, Path dir, int port, boolean tcp) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tcp = tcp;
    }

    /**
     * Runs {@code scenario} for one call. {@code remote} ({@code host:port}) makes SIPp the
     * caller, dialling {@code service@remote}; null makes it wait for a call. Returns once SIPp
     * listens on its SIP port.
     */
    public static Sipp start(Path scenario, String remote, String service) throws IOException, InterruptedException {
        return start(scenario, remote, service, false);
    }

    /** As above; {@code tcp} runs SIPp over one TCP connection ({@code -t t1}) instead of UDP. */
    public static Sipp start(Path scenario, String remote, String service, boolean tcp)
            throws IOException, InterruptedException {
        RealPeers.require("sipp", "sip-tester");
        Path dir = Files.createTempDirectory("sipice-sipp");
        int sipPort = freeUdpPort();
        int media = freeMediaPorts();
        List<String> command = new ArrayList<>(List.of("sipp"));
        if (tcp) {
            command.addAll(List.of("-t", "t1"));
        }
        if (remote != null) {
            command.addAll(List.of(remote, "-s", service));
        }
        command.addAll(List.of("-sf", scenario.toAbsolutePath().toString(),
                "-i", LOCALHOST, "-p", String.valueOf(sipPort),
                // SIPp's own media sockets (media port and +2) and its control socket.
                "-mi", LOCALHOST, "-mp", String.valueOf(media), "-cp", String.valueOf(freeUdpPort()),
                "-key", "rtp_port", String.valueOf(media), "-key", "rtcp_port", String.valueOf(media + 1),
                "-m", "1", "-nostdin", "-timeout", "20", "-timeout_error",
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        PeerProcess p = PeerProcess.start("sipp " + scenario.getFileName(), command);
        Sipp sipp = new Sipp(p, dir, sipPort, tcp);
        sipp.awaitBound(Duration.ofSeconds(5));
        return sipp;
    }

    /** {@code sip:user@127.0.0.1:port}: where a SIPp UAS scenario takes calls. */
    public String uri(String user) {
        return "sip:" + user + "@" + LOCALHOST + ":" + port;
    }

    /** SIPp's exit status: 0 when its one call followed the scenario. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** What SIPp sent and received, in order, one line per message; retransmissions collapsed. */
    public List<String> ladder() throws IOException {
        List<String> ladder = new ArrayList<>();
        for (String message : messages()) {
            String line = describe(message);
            if (line != null && (ladder.isEmpty() || !ladder.get(ladder.size() - 1).equals(line))) {
                ladder.add(line);
            }
        }
        return ladder;
    }

    /** The full text of every traced message, in order (start line first). */
    public List<String> messages() throws IOException {
        Path file = dir.resolve("messages.log");
        List<String> messages = new ArrayList<>();
        if (!Files.exists(file)) {
            return messages;
        }
        for (String chunk : Files.readString(file, StandardCharsets.ISO_8859_1).split(SEPARATOR)) {
            String c = chunk.replace("\r", "");
            int at = c.indexOf(" message ");
            if (at < 0) {
                continue;
            }
            boolean sent = c.substring(at).startsWith(" message sent");
            String body = c.substring(c.indexOf('\n', at) + 1).strip();
            messages.add((sent ? "SENT\n" : "RECEIVED\n") + body);
        }
        return messages;
    }

    /** The SDP body of a traced message (empty if none). */
    public static String body(String message) {
        int blank = message.indexOf("\n\n");
        return blank < 0 ? "" : message.substring(blank + 2).strip();
    }

    /** SIPp's error log and output, for failure messages. */
    public String diagnostics() {
        String errors;
        try {
            Path file = dir.resolve("errors.log");
            errors = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            errors = e.toString();
        }
        return "SIPp errors:\n" + errors + "\nSIPp output (tail):\n" + tail(process.output(), 3000);
    }

    private static String describe(String message) {
        String[] lines = message.split("\n");
        boolean sent = lines[0].equals("SENT");
        String start = lines.length > 1 ? lines[1].strip() : "";
        String cseq = header(lines, "CSeq");
        String method = cseq == null ? "?" : cseq.substring(cseq.indexOf(' ') + 1).strip();
        boolean sdp = "application/sdp".equalsIgnoreCase(String.valueOf(header(lines, "Content-Type")))
                && !body(message.substring(message.indexOf('\n') + 1)).isEmpty();
        String arrow = sent ? "-> " : "<- ";
        if (start.startsWith("SIP/2.0 ")) {
            String status = start.substring("SIP/2.0 ".length());
            String require = header(lines, "Require");
            boolean reliable = require != null && require.contains("100rel") && !status.startsWith("100")
                    && status.startsWith("1");
            return arrow + status + " (" + method + ")" + (reliable ? " [100rel]" : "") + (sdp ? " +SDP" : "");
        }
        return arrow + start.split(" ")[0] + (sdp ? " +SDP" : "");
    }

    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length && !lines[i].isBlank(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase(name)) {
                return lines[i].substring(colon + 1).strip();
            }
        }
        return null;
    }

    /**
     * SIPp gives no sign when it is ready, so its SIP port is sampled: once it cannot be bound,
     * SIPp has it. The deadline, not the interval, is what counts.
     */
    private void awaitBound(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object monitor = new Object();
        while (tcp ? isFreeTcp(port) : isFree(port)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new AssertionError("SIPp did not bind 127.0.0.1:" + port + " within " + timeout.toMillis()
                        + " ms:\n" + process.output());
            }
            synchronized (monitor) {
                monitor.wait(20); // sampling interval of a port's state
            }
        }
    }

    private static boolean isFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOCALHOST), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFreeTcp(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, InetAddress.getByName(LOCALHOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeUdpPort() throws SocketException, IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOCALHOST), 0))) {
            return s.getLocalPort();
        }
    }

    /** An even port P with P, P+1 and P+2 free: SIPp binds P and P+2, our checks go to P and P+1. */
    private static int freeMediaPorts() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = 2 * ThreadLocalRandom.current().nextInt(10_000, 30_000);
            if (isFree(p) && isFree(p + 1) && isFree(p + 2)) {
                return p;
            }
        }
        throw new IllegalStateException("no free media ports on 127.0.0.1");
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }

    /** Ends SIPp if it still runs and removes its trace directory. */
    @Override
    public void close() {
        process.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}

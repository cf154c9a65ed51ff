package org.sipice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * coturn inside a {@link NetNs}, on the namespace's address, port 3478, for peers that run in
 * the namespace too (baresip with a TURN account). Its own configuration (never
 * {@code /etc/turnserver.conf}), long-term credentials {@value #USER}/{@value #PASSWORD}, log on
 * stdout. {@link Coturn} is the loopback one for the ICE engine's tests.
 */
public final class NetNsCoturn implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";
    public static final int PORT = 3478;

    private final PeerProcess process;
    private final Path dir;
    private final String address;

    private NetNsCoturn(PeerProcess process, Path dir, String address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    /** Starts coturn in {@code ns} and waits until its relay servers run. */
    public static NetNsCoturn start(NetNs ns) throws IOException, InterruptedException {
        RealPeers.require("turnserver", "coturn");
        Path dir = Files.createTempDirectory("sipice-netns-coturn");
        Path config = dir.resolve("turnserver.conf");
        Files.writeString(config, String.join("\n", List.of(
                "listening-ip=" + ns.address(),
                "listening-port=" + PORT,
                "relay-ip=" + ns.address(),
                "min-port=40000",
                "max-port=59999",
                "lt-cred-mech",
                "user=" + USER + ":" + PASSWORD,
                "realm=sipice.test",
                "userdb=" + dir.resolve("turndb"),
                "fingerprint",
                "no-cli",
                "no-multicast-peers",
                "no-tls",
                "no-dtls",
                "no-tcp",
                "no-rfc5780",
                "no-software-attribute",
                "log-file=stdout",
                "simple-log",
                "pidfile=" + dir.resolve("turnserver.pid"))) + "\n");
        PeerProcess p = PeerProcess.start("coturn", ns.command(RealPeers.find("turnserver").toString(), "-c",
                config.toString()));
        NetNsCoturn coturn = new NetNsCoturn(p, dir, ns.address());
        try {
            p.await(l -> l.contains("Total General servers"), Duration.ofSeconds(10), "coturn's servers");
        } catch (AssertionError | InterruptedException e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    /** baresip's account parameters for this server as its TURN server. */
    public String baresipAccountParams() {
        return ";stunserver=turn:" + address + ":" + PORT + ";stunuser=" + USER + ";stunpass=" + PASSWORD;
    }

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

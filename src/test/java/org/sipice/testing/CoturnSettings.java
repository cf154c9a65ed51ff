package org.sipice.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sipice.internal.tls.TlsIdentity;

/**
 * How a test's {@link Coturn} runs (lifetimes, TCP and TLS listeners, shared-secret credentials,
 * an alternate server, IPv6), and the configuration file coturn reads for it.
 */
public final class CoturnSettings {
    // Package-private: Coturn reads them when it starts.
    int maxAllocateLifetime = 600;
    Integer permissionLifetime;
    Integer channelLifetime;
    Integer staleNonce;
    boolean tcp;
    boolean dualStack;
    String authSecret;
    TlsIdentity tls;
    InetSocketAddress alternateServer;
    Integer port;

    /** coturn's {@code max-allocate-lifetime}: every allocation gets at most this (seconds). */
    public CoturnSettings maxAllocateLifetime(int seconds) {
        this.maxAllocateLifetime = seconds;
        return this;
    }

    /** coturn's {@code permission-lifetime} (RFC 8656 fixes 300 s; shorter shows a missing renewal). */
    public CoturnSettings permissionLifetime(int seconds) {
        this.permissionLifetime = seconds;
        return this;
    }

    /** coturn's {@code channel-lifetime} (RFC 8656: 600 s). */
    public CoturnSettings channelLifetime(int seconds) {
        this.channelLifetime = seconds;
        return this;
    }

    /** coturn's {@code stale-nonce}: nonces expire after this, and requests get 438 (RFC 8489 §9.2.5). */
    public CoturnSettings staleNonce(int seconds) {
        this.staleNonce = seconds;
        return this;
    }

    /** coturn also listens on TCP, on the same port (RFC 8656 §3.1); without it, UDP only. */
    public CoturnSettings tcp() {
        this.tcp = true;
        return this;
    }

    /**
     * coturn also listens and relays on {@code ::1} (RFC 8656 §7.1: IPv6 relays on request,
     * dual allocations); clients reach it at {@link #address6()}.
     */
    public CoturnSettings dualStack() {
        this.dualStack = true;
        return this;
    }

    /**
     * coturn's {@code use-auth-secret} with {@code static-auth-secret}: time-limited credentials
     * derived from this secret ({@link TurnServer#withSharedSecret}) instead of the static user.
     */
    public CoturnSettings authSecret(String secret) {
        this.authSecret = secret;
        return this;
    }

    /** coturn also listens for TLS on a port of its own (RFC 8656 §3.1), with {@code identity}'s PEM files. */
    public CoturnSettings tls(TlsIdentity identity) {
        this.tls = identity;
        return this;
    }

    /**
     * coturn's {@code alternate-server}: every Allocate is answered 300 Try Alternate naming
     * {@code server} (RFC 8489 §10, RFC 8656 §7.2); this coturn allocates nothing.
     */
    public CoturnSettings alternateServer(InetSocketAddress server) {
        this.alternateServer = server;
        return this;
    }

    /**
     * Listens on {@code port} (from {@link Coturn#freePort}) instead of one chosen at start, so
     * that two coturns can name each other as {@link #alternateServer} (coturn ignores an
     * alternate-server that is itself).
     */
    public CoturnSettings port(int port) {
        this.port = port;
        return this;
    }

    public Coturn start() throws IOException, InterruptedException {
        return Coturn.start(this);
    }

    /** coturn's configuration file for these settings. */
    String config(Path dir, Path log, int port, int tlsPort) {
        CoturnSettings s = this;
        List<String> lines = new ArrayList<>(List.of(
                "listening-ip=127.0.0.1",
                "listening-port=" + port,
                "relay-ip=127.0.0.1",
                // Wide, so allocations a test leaks never exhaust the range (docs/REAL-PEERS.md §2).
                "min-port=40000",
                "max-port=59999",
                "lt-cred-mech",
                "realm=" + Coturn.REALM,
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
            lines.add("user=" + Coturn.USER + ":" + Coturn.PASSWORD);
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
        if (s.dualStack) {
            lines.add("listening-ip=::1");
            lines.add("relay-ip=::1");
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
}

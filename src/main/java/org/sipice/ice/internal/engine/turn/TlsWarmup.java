package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.TurnServer;
import org.sipice.internal.tls.TlsIdentity;

/**
 * Loads the JDK's TLS code once per process, on the thread that makes the first session with a
 * {@code turns:} server, not on an event loop: one TLS handshake in memory between a client engine
 * made as {@link TurnTls} makes them (with its {@link ServerVerification}) and a server with a
 * self-signed certificate, and the system trust store if a server uses it. Cold, that took about
 * a second on a loaded 2-core machine (TurnTlsSetupBenchmark): on the loop it held up the session
 * past its 800 ms gathering deadline, and the first call over TURN/TLS had no relayed candidate.
 * Nothing leaves the process.
 */
public final class TlsWarmup {
    private static final Logger LOG = LogManager.getLogger(TlsWarmup.class);
    private static final char[] PASSWORD = "warm-up".toCharArray();

    private TlsWarmup() {
    }

    private static final class Handshake {
        static final boolean DONE = run();
    }

    /**
     * Returns once the TLS code is loaded, if one of {@code servers} is reached over TLS, and the
     * system trust store too if one of them has no CA file. At once after the first time.
     */
    public static void ensureFor(List<TurnServer> servers) {
        for (TurnServer server : servers) {
            if (server.transport() == TurnServer.Transport.TLS) {
                boolean warm = Handshake.DONE;
                if (server.caFile() == null) {
                    TurnTls.systemAnchors();
                }
                LOG.trace("TLS code loaded: {}", warm);
            }
        }
    }

    private static boolean run() {
        long t0 = System.nanoTime();
        try {
            TlsIdentity identity = TlsIdentity.selfSigned(List.of("127.0.0.1"), Duration.ofMinutes(10));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.toKeyStore(PASSWORD), PASSWORD);
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(keys.getKeyManagers(), null, null);
            SSLEngine server = serverContext.createSSLEngine();
            server.setUseClientMode(false);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("warm-up", identity.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLEngine client = TurnTls.with((X509TrustManager) trust.getTrustManagers()[0],
                    new InetSocketAddress("127.0.0.1", 5349)).engine();
            handshake(client, server);
            LOG.debug("TLS code loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (Exception | LinkageError e) {
            // Only a warm-up: the real handshakes will say what is wrong.
            LOG.debug("TLS warm-up failed: {}", e.toString());
            return false;
        }
    }

    /** Runs both engines against each other until both have finished (a bounded number of steps). */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException, GeneralSecurityException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 4);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 100; step++) {
            boolean clientDone = step(client, empty, toServer, toClient, sink);
            boolean serverDone = step(server, empty, toClient, toServer, sink);
            if (clientDone && serverDone) {
                return;
            }
        }
        throw new GeneralSecurityException("the in-memory TLS handshake did not finish");
    }

    /** One move of {@code engine}: wrap into {@code out}, or unwrap from {@code in}; true when finished. */
    private static boolean step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws SSLException {
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status == HandshakeStatus.NEED_TASK) {
            engine.getDelegatedTask().run();
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            engine.wrap(empty, out);
        } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
            in.flip();
            sink.clear();
            engine.unwrap(in, sink);
            in.compact();
        }
        status = engine.getHandshakeStatus();
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }
}

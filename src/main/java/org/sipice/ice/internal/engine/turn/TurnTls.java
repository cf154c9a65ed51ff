package org.sipice.ice.internal.engine.turn;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.sipice.ice.TlsFailure;
import org.sipice.ice.TurnServer;
import org.sipice.internal.tls.TrustAnchors;

/**
 * The TLS side of a TURN client's connection (RFC 8656 §3.1: TURN over TLS over TCP, the same
 * STUN and ChannelData framing inside): a client {@link SSLEngine} of the JDK wrapped in Netty's
 * {@link SslHandler}, TLS 1.3 or 1.2 only (RFC 8656 §3.1 requires at least TLS 1.2), the server's
 * certificate checked against the system trust store or the server's CA file, and its name
 * against the name the server was configured with (RFC 6125 §6, {@link ServerVerification}).
 * One per connection.
 */
final class TurnTls {
    /** RFC 8656 §3.1: TLS 1.2 at least; 1.3 preferred when both ends have it. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final ServerVerification verification;
    private final SslHandler handler;

    private TurnTls(ServerVerification verification, SSLEngine engine) {
        this.verification = verification;
        this.handler = new SslHandler(engine);
    }

    /**
     * A client engine for {@code server}; reads its CA file if it has one (a few hundred bytes)
     * or the JDK's trust store (loaded once per process).
     *
     * @throws IOException the CA file cannot be read or holds no certificate
     */
    static TurnTls forServer(TurnServer server) throws IOException {
        try {
            X509TrustManager anchors = server.caFile() == null ? systemAnchors()
                    : TrustAnchors.fromPemFile(server.caFile());
            return with(anchors, server.address());
        } catch (NoSuchFileException e) {
            throw new IOException("the TLS CA file " + server.caFile() + " does not exist", e);
        }
    }

    /** A client engine for {@code address} checked against {@code anchors} (also {@link TlsWarmup}'s). */
    static TurnTls with(X509TrustManager anchors, InetSocketAddress address) throws IOException {
        if (!(anchors instanceof X509ExtendedTrustManager extended)) {
            throw new IOException("the JDK's trust manager cannot check host names");
        }
        ServerVerification verification = new ServerVerification(extended);
        String name = address.getHostString();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {verification}, null);
            SSLEngine engine = context.createSSLEngine(name, address.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(PROTOCOLS.stream()
                    .filter(Arrays.asList(engine.getSupportedProtocols())::contains).toArray(String[]::new));
            // RFC 6125 §6 as the JDK implements it for HTTPS: DNS names, or the IP literal.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isAddressLiteral(name)) {
                // RFC 6066 §3: server name indication, for a server with certificates for several names.
                parameters.setServerNames(List.of(new SNIHostName(name)));
            }
            engine.setSSLParameters(parameters);
            return new TurnTls(verification, engine);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's system trust store, loaded once per process. */
    static X509TrustManager systemAnchors() {
        return SystemAnchors.TRUST;
    }

    /** The engine, before it goes into {@link #handler()}'s pipeline ({@link TlsWarmup} only). */
    SSLEngine engine() {
        return handler.engine();
    }

    /** The handler that goes first in the connection's pipeline. */
    SslHandler handler() {
        return handler;
    }

    /** Why the handshake failed with {@code cause}: the verification's refusal if it made one. */
    TlsRejection rejection(Throwable cause) {
        TlsRejection refused = verification.rejection();
        if (refused != null) {
            return refused;
        }
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return new TlsRejection(TlsFailure.HANDSHAKE, t == null ? "the connection closed during the handshake"
                : ServerVerification.message(t));
    }

    private static boolean isAddressLiteral(String name) {
        return name.contains(":") || name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** The system trust store, loaded on first use only (a TURN server over TLS without a CA file). */
    private static final class SystemAnchors {
        static final X509TrustManager TRUST = TrustAnchors.systemDefault();
    }
}

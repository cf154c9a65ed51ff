package org.sipice.sip.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.sipice.internal.tls.TlsIdentity;
import org.sipice.internal.tls.TrustAnchors;

/**
 * What one JAIN-SIP stack does TLS with: its {@link SSLContext} (our certificate, and the
 * {@link ServerCertificateCheck} of the servers we connect to), the fingerprint of our
 * certificate, and the stack properties that make the RI use them.
 */
public final class SipTlsContext {
    /** Protocols and suites: the RI's defaults leave TLS 1.2 with RSA key exchange only (docs/JAIN-SIP.md §9). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** A handshake that has not finished by then is abandoned (the RI's watchdog closes the socket). */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a self-signed certificate of ours is valid. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    private final SSLContext context;
    private final String fingerprint;
    private final boolean selfSigned;

    private SipTlsContext(SSLContext context, String fingerprint, boolean selfSigned) {
        this.context = context;
        this.fingerprint = fingerprint;
        this.selfSigned = selfSigned;
    }

    /**
     * @param keyStore a PKCS#12 file, or null for a self-signed certificate naming {@code listen}
     * @param caFile the trusted CAs (PEM), or null for the system trust store
     * @param pins normalized SHA-256 fingerprints that replace the CA and name checks, or none
     */
    public static SipTlsContext create(Path keyStore, String password, Path caFile, List<String> pins,
            InetAddress listen) throws IOException {
        try {
            KeyStore keys;
            char[] secret;
            if (keyStore != null) {
                secret = password.toCharArray();
                keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keyStore)) {
                    keys.load(in, secret);
                }
            } else {
                secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
                keys = TlsIdentity.selfSigned(List.of(listen.getHostAddress()), SELF_SIGNED_VALIDITY).toKeyStore(secret);
            }
            X509Certificate ours = firstCertificate(keys, keyStore);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, secret);
            X509TrustManager anchors = caFile == null ? TrustAnchors.systemDefault() : TrustAnchors.fromPemFile(caFile);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {new ServerCertificateCheck(anchors, pins)}, null);
            return new SipTlsContext(context, ServerCertificateCheck.sha256(ours), keyStore == null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS" + (keyStore == null ? "" : " with the key store " + keyStore)
                    + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate firstCertificate(KeyStore keys, Path file) throws GeneralSecurityException,
            IOException {
        for (String alias : Collections.list(keys.aliases())) {
            if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate x509) {
                return x509;
            }
        }
        throw new IOException("the key store " + file + " holds no private key with its certificate");
    }

    SSLContext context() {
        return context;
    }

    /** The SHA-256 fingerprint of our certificate, {@code AB:CD:...}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Whether our certificate was made on the spot (no key store configured). */
    public boolean selfSigned() {
        return selfSigned;
    }

    /**
     * The stack properties that hand TLS to {@link SipTlsNetworkLayer}: our protocols and suites,
     * no client certificates asked for (SIP phones seldom have one, RFC 5630 §3.1.3 does not
     * require them), the handshake watchdog.
     */
    public static void addStackProperties(Properties p) {
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SipTlsNetworkLayer.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(", ", PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(", ", CIPHER_SUITES));
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", Long.toString(HANDSHAKE_TIMEOUT.toMillis()));
        // The RI would build its own SslNetworkLayer from these; ours replaces it.
        p.remove("javax.net.ssl.keyStore");
        p.remove("javax.net.ssl.trustStore");
    }
}

package org.sipice.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom a TLS client trusts: the JDK's system trust store by default, or the CA certificates of one
 * PEM file (a private CA, the tests' {@link CertificateAuthority}). Host names are checked by the
 * connection (RFC 6125, the JDK's endpoint identification), not here.
 */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /** The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    public static X509TrustManager systemDefault() {
        return fromKeyStore(null);
    }

    /** Trusts exactly the certificates in {@code pemFile}; a file with none is an error. */
    public static X509TrustManager fromPemFile(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in the CA file " + pemFile);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return fromKeyStore(store);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager fromKeyStore(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store", e);
        }
    }
}

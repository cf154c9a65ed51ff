package org.sipice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.sipice.sip.SipTls;

/**
 * The TLS files a command was given (key store, CA file), read once before anything starts, so a
 * wrong path or password is a usage error (exit 2, {@code reason=bad_tls_file}) naming the file,
 * not a failed call.
 */
final class TlsFiles {
    private TlsFiles() {
    }

    /** A key store or CA file that cannot be used. */
    static final class Unusable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @throws Unusable if the key store does not open with its password or the CA file holds no certificate */
    static void check(SipTls tls) {
        if (tls.keyStore().isPresent()) {
            Path file = tls.keyStore().get();
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore.getInstance("PKCS12").load(in, tls.keyStorePassword().orElse("").toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                throw new Unusable("TLS key store " + file + " (PKCS#12) cannot be opened: " + e, e);
            }
        }
        if (tls.caFile().isPresent()) {
            Path file = tls.caFile().get();
            try (InputStream in = Files.newInputStream(file)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    throw new Unusable("TLS CA file " + file + " holds no certificate", null);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new Unusable("TLS CA file " + file + " (PEM) cannot be read: " + e, e);
            }
        }
    }
}

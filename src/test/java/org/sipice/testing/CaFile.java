package org.sipice.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sipice.internal.tls.CertificateAuthority;

/**
 * The certificate of a test's own CA in a PEM file, the trust anchor a TLS client is given
 * ({@code TurnServer.withCaFile}): written before the class's first test, deleted after its last.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final CaFile caFile = CaFile.of(CA);
 * ...
 * coturn.server().tlsTurnServer(caFile.path())
 * </pre>
 */
public final class CaFile implements BeforeAllCallback, AfterAllCallback {
    private final CertificateAuthority ca;
    private Path path;

    private CaFile(CertificateAuthority ca) {
        this.ca = ca;
    }

    public static CaFile of(CertificateAuthority ca) {
        return new CaFile(ca);
    }

    /** The PEM file of the CA's certificate. */
    public Path path() {
        if (path == null) {
            throw new IllegalStateException("no CA file: register the fixture as a static @RegisterExtension");
        }
        return path;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        path = Files.createTempFile("sipice-turn-ca", ".pem");
        ca.writeCertificatePem(path);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (path != null) {
            Files.deleteIfExists(path);
            path = null;
        }
    }
}

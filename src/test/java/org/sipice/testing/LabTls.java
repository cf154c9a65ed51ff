package org.sipice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sipice.internal.tls.CertificateAuthority;
import org.sipice.internal.tls.TlsIdentity;

/**
 * The certificates of the NAT lab's TURN server over TLS (RFC 8656 §3.1, {@code turns:} RFC
 * 7065): one test CA per JVM, and coturn's certificate from it for the lab's public address
 * ({@link NatLab#STUN}'s host, an IP address subject alternative name, RFC 6125), which every
 * lab shares. The softphones get the CA's PEM file ({@code --turn-ca-file}); coturn gets the
 * certificate and key ({@code scripts/natlab up --turn-cert --turn-key}).
 */
public final class LabTls {
    /** The host softphones connect to, the name the certificate must carry. */
    public static final String HOST = NatLab.STUN.substring(0, NatLab.STUN.indexOf(':'));
    private static final CertificateAuthority CA = CertificateAuthority.create("sipice NAT lab CA", Duration.ofDays(1));
    private static final TlsIdentity SERVER = CA.issue(List.of(HOST), Duration.ofDays(1));

    private LabTls() {
    }

    /** Writes coturn's certificate and key (owner-only) in {@code dir}: {@code turn-cert.pem}, {@code turn-key.pem}. */
    static List<Path> writeServer(Path dir) throws IOException {
        Path cert = dir.resolve("turn-cert.pem");
        Path key = dir.resolve("turn-key.pem");
        SERVER.writePem(cert, key);
        return List.of(cert, key);
    }

    /** Writes the CA certificate, the one the softphones trust, to {@code file}. */
    static void writeCa(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        CA.writeCertificatePem(file);
    }
}

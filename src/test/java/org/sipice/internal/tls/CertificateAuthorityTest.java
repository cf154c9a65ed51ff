package org.sipice.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificates the tests hand to coturn and to SIP over TLS, checked by a real JDK TLS
 * handshake on loopback with host name verification on: the valid chain is accepted, and a wrong
 * name, an expired certificate and an unknown CA are each refused, as a client must refuse them.
 */
class CertificateAuthorityTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("sipice test CA", Duration.ofDays(1));

    @TempDir
    Path dir;

    @Test
    void aServerCertificateFromTheCaIsAcceptedForItsAddress() throws Exception {
        X509TrustManager trust = caFileTrust();
        assertEquals("pong", handshake(CA.issue(List.of("127.0.0.1"), Duration.ofHours(1)), trust));
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        X509TrustManager trust = caFileTrust();
        assertThrows(SSLHandshakeException.class,
                () -> handshake(CA.issue(List.of("turn.example.net", "10.9.9.9"), Duration.ofHours(1)), trust));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        X509TrustManager trust = caFileTrust();
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        TlsIdentity expired = CA.issue(List.of("127.0.0.1"), yesterday.minus(Duration.ofHours(1)), yesterday);
        assertThrows(SSLHandshakeException.class, () -> handshake(expired, trust));
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefused() throws Exception {
        X509TrustManager trust = caFileTrust();
        CertificateAuthority other = CertificateAuthority.create("someone else", Duration.ofDays(1));
        assertThrows(SSLHandshakeException.class, () -> handshake(other.issue(List.of("127.0.0.1"), Duration.ofHours(1)), trust));
        assertThrows(SSLHandshakeException.class,
                () -> handshake(TlsIdentity.selfSigned(List.of("127.0.0.1"), Duration.ofHours(1)), trust));
    }

    @Test
    void theSystemTrustStoreDoesNotTrustTheTestCa() {
        X509TrustManager system = TrustAnchors.systemDefault();
        assertThrows(SSLHandshakeException.class,
                () -> handshake(CA.issue(List.of("127.0.0.1"), Duration.ofHours(1)), system));
    }

    @Test
    void pemFilesAndKeyStoresCarryTheWholeIdentity() throws Exception {
        TlsIdentity identity = CA.issue(List.of("127.0.0.1", "localhost"), Duration.ofHours(1));
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        identity.writePem(certificate, key);
        String certificates = Files.readString(certificate);
        assertEquals(2, certificates.split("BEGIN CERTIFICATE", -1).length - 1, "leaf then CA");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        char[] password = "secret".toCharArray();
        Path store = dir.resolve("identity.p12");
        identity.writeKeyStore(store, password);
        java.security.KeyStore loaded = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            loaded.load(in, password);
        }
        assertEquals(identity.certificate(), loaded.getCertificate(TlsIdentity.ALIAS));
        assertEquals(2, loaded.getCertificateChain(TlsIdentity.ALIAS).length);
    }

    @Test
    void theFingerprintIsSha256InColonSeparatedUpperCaseHex() {
        String fingerprint = TlsIdentity.selfSigned(List.of("localhost"), Duration.ofHours(1)).sha256Fingerprint();
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
    }

    @Test
    void aCaFileWithoutCertificatesIsAnError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThrows(IOException.class, () -> TrustAnchors.fromPemFile(empty));
    }

    private X509TrustManager caFileTrust() throws IOException {
        Path caFile = dir.resolve("ca.pem");
        CA.writeCertificatePem(caFile);
        return TrustAnchors.fromPemFile(caFile);
    }

    /** One TLS round trip to a loopback server presenting {@code server}; the client verifies 127.0.0.1. */
    private static String handshake(TlsIdentity server, X509TrustManager clientTrust) throws Exception {
        char[] password = "pw".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(server.toKeyStore(password), password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, new TrustManager[] {clientTrust}, null);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnePing(listener));
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(loopback, listener.getLocalPort())) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.setSoTimeout(5_000);
                OutputStream out = client.getOutputStream();
                out.write("ping".getBytes());
                out.flush();
                byte[] reply = client.getInputStream().readNBytes(4);
                return new String(reply);
            } finally {
                served.handle((ok, failure) -> null).get(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void serveOnePing(SSLServerSocket listener) {
        try (SSLSocket accepted = (SSLSocket) listener.accept()) {
            accepted.setSoTimeout(5_000);
            accepted.getInputStream().readNBytes(4);
            accepted.getOutputStream().write("pong".getBytes());
            accepted.getOutputStream().flush();
        } catch (IOException e) {
            // the client refused the certificate: the handshake fails on both ends
        }
    }
}

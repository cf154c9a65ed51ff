package org.sipice.internal.tls;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * What a TLS endpoint proves itself with: a private key and its certificate chain, leaf first.
 * Made by {@link CertificateAuthority#issue} or {@link #selfSigned}, and handed to the JDK as a
 * {@link KeyStore} or to a server such as coturn as PEM files.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

    /** The alias of the one key entry in {@link #toKeyStore}. */
    public static final String ALIAS = "sipice";

    public TlsIdentity {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least one certificate");
        }
    }

    /**
     * A certificate signed by its own key, valid from now for {@code validity}, for the given DNS
     * names and IP addresses (the first is also its common name): what {@code sipice answer
     * --transport tls} uses when no keystore is configured. Peers accept it only by its fingerprint.
     */
    public static TlsIdentity selfSigned(List<String> names, Duration validity) {
        return CertificateAuthority.selfSigned(names, validity);
    }

    /** The leaf certificate: the one naming this endpoint. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * The SHA-256 fingerprint of the leaf certificate as RFC 8122 §5 writes it (upper-case hex
     * pairs joined by colons), what a user compares with the one the peer printed.
     */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
            StringBuilder out = new StringBuilder();
            for (byte b : digest) {
                if (out.length() > 0) {
                    out.append(':');
                }
                out.append(HexFormat.of().toHexDigits(b).toUpperCase(Locale.ROOT));
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /** A PKCS#12 key store holding this identity under {@link #ALIAS}, protected by {@code password}. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    /** Writes {@link #toKeyStore} to {@code file} (readable by its owner only). */
    public void writeKeyStore(Path file, char[] password) throws IOException {
        try (var out = Files.newOutputStream(ownerOnly(file))) {
            toKeyStore(password).store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the key store " + file, e);
        }
    }

    /**
     * Writes the chain (leaf first) to {@code certificateFile} and the unencrypted PKCS#8 key to
     * {@code keyFile} (readable by its owner only), as OpenSSL-based servers read them.
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        try (Writer out = Files.newBufferedWriter(certificateFile, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : chain) {
                pem.writeObject(certificate);
            }
        }
        try (Writer out = Files.newBufferedWriter(ownerOnly(keyFile), StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
    }

    private static Path ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }
}

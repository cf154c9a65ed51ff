package org.sipice.internal.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made on the spot with BouncyCastle: the tests' own CA for coturn's TLS
 * listener and SIP over TLS (valid chains, and the invalid ones a client must refuse: a wrong
 * name, an expired certificate, an unknown CA), and the maker of self-signed certificates.
 *
 * <p>Keys are ECDSA P-256 (fast to make, accepted by the JDK and OpenSSL); certificates are X.509
 * v3 signed with SHA-256, with the subject alternative names RFC 6125 §6.4 checks a host name
 * against (DNS names, or IP addresses for a literal address).
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new root CA named {@code name}, valid from an hour ago for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity) {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X500Name subject = subject(name);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(keys, sign(builder, keys));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make a CA certificate", e);
        }
    }

    /** This CA's own certificate: what a client trusts. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this CA's certificate as PEM, the CA file a client or coturn is given. */
    public void writeCertificatePem(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
    }

    /** A server certificate for {@code names}, valid from an hour ago for {@code validity}. */
    public TlsIdentity issue(List<String> names, Duration validity) {
        Instant now = Instant.now();
        return issue(names, now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    /**
     * A server (and client) certificate for {@code names} (DNS names or literal IP addresses; the
     * first is the common name) valid from {@code notBefore} to {@code notAfter}: a past
     * {@code notAfter} makes the expired certificate a client must refuse.
     */
    public TlsIdentity issue(List<String> names, Instant notBefore, Instant notAfter) {
        KeyPair leaf = newKeys();
        X509Certificate issued = leafCertificate(subject(names.get(0)), leaf, names, notBefore, notAfter,
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), keys);
        return new TlsIdentity(leaf.getPrivate(), List.of(issued, certificate));
    }

    static TlsIdentity selfSigned(List<String> names, Duration validity) {
        KeyPair leaf = newKeys();
        Instant now = Instant.now();
        X500Name subject = subject(names.get(0));
        return new TlsIdentity(leaf.getPrivate(), List.of(
                leafCertificate(subject, leaf, names, now.minus(Duration.ofHours(1)), now.plus(validity), subject, leaf)));
    }

    private static X509Certificate leafCertificate(X500Name subject, KeyPair leaf, List<String> names,
            Instant notBefore, Instant notAfter, X500Name issuer, KeyPair issuerKeys) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, leaf.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            return sign(builder, issuerKeys);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make a certificate for " + names, e);
        }
    }

    private static GeneralNames alternativeNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String name : names) {
            out.add(isAddressLiteral(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(out.toArray(new GeneralName[0]));
    }

    private static boolean isAddressLiteral(String name) {
        if (name.contains(":")) {
            return true;
        }
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && parsesAsAddress(name);
    }

    private static boolean parsesAsAddress(String literal) {
        try {
            InetAddress.getByName(literal);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign", e);
        }
    }

    private static X500Name subject(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "sipice").addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC key pair", e);
        }
    }
}

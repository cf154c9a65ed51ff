package org.sipice.sip.internal.transport;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a SIP client accepts a server's certificate (org.sipice.sip.SipTls says what users
 * configure): pinned fingerprints, when there are any, are the whole check; otherwise each
 * certificate of the chain must be valid now, the chain must lead to a trusted CA, and the
 * certificate must name the host we connected to (RFC 5922 §7.2, RFC 6125 §6; the JDK's endpoint
 * identification set on the socket by {@link SipTlsNetworkLayer}). The checks run in that order
 * so that a refusal names its first cause: {@link TlsRefusal}.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {

    /** One of the delegate's checks, which may throw. */
    @FunctionalInterface
    private interface Check {
        void run() throws CertificateException;
    }

    private final X509ExtendedTrustManager anchors;
    private final List<String> pins;

    /** @param anchors the trusted CAs; @param pins normalized SHA-256 fingerprints, or none */
    ServerCertificateCheck(X509TrustManager anchors, List<String> pins) {
        if (!(anchors instanceof X509ExtendedTrustManager extended)) {
            throw new IllegalArgumentException("the JDK's PKIX trust manager is an X509ExtendedTrustManager");
        }
        this.anchors = extended;
        this.pins = List.copyOf(pins);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                ? ssl.getHandshakeSession().getPeerHost() : String.valueOf(socket.getInetAddress());
        verify(chain, authType, host, () -> anchors.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, authType, engine.getPeerHost(), () -> anchors.checkServerTrusted(chain, authType, engine));
    }

    /** Without a connection there is no host to check the name against: refused unless pinned. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, "an unknown host", () -> {
            throw new CertificateException("no connection, so no host name to check");
        });
    }

    private void verify(X509Certificate[] chain, String authType, String host, Check nameCheck)
            throws CertificateException {
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        if (!pins.isEmpty()) {
            String fingerprint = sha256(leaf);
            if (!pins.contains(fingerprint)) {
                throw new TlsRefusal(TlsRefusal.Reason.FINGERPRINT_MISMATCH, "the certificate of " + host + " ("
                        + subject + ") has the fingerprint SHA256:" + fingerprint + ", which is not pinned");
            }
            return;
        }
        for (X509Certificate certificate : chain) {
            try {
                certificate.checkValidity();
            } catch (CertificateExpiredException e) {
                throw new TlsRefusal(TlsRefusal.Reason.EXPIRED, "the certificate "
                        + certificate.getSubjectX500Principal().getName() + " of " + host + " expired on "
                        + certificate.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new TlsRefusal(TlsRefusal.Reason.NOT_YET_VALID, "the certificate "
                        + certificate.getSubjectX500Principal().getName() + " of " + host + " is valid only from "
                        + certificate.getNotBefore().toInstant());
            }
        }
        try {
            anchors.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new TlsRefusal(TlsRefusal.Reason.UNKNOWN_CA, "the certificate of " + host + " (" + subject
                    + ", issued by " + leaf.getIssuerX500Principal().getName() + ") leads to no trusted CA");
        }
        try {
            nameCheck.run();
        } catch (CertificateException e) {
            throw new TlsRefusal(TlsRefusal.Reason.WRONG_NAME, "the certificate of " + host + " (" + subject
                    + ") does not name " + host + ": " + e.getMessage());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchors.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchors.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchors.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }

    /** RFC 8122 §5 notation: upper-case hex pairs joined by colons. */
    static String sha256(X509Certificate certificate) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            StringBuilder out = new StringBuilder();
            for (byte b : digest) {
                out.append(out.length() == 0 ? "" : ":").append(HexFormat.of().toHexDigits(b).toUpperCase(Locale.ROOT));
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot fingerprint the certificate", e);
        }
    }
}

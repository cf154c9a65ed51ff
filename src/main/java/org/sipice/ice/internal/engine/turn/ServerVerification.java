package org.sipice.ice.internal.engine.turn;

import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.sipice.ice.TlsFailure;

/**
 * The check of a TURN server's certificate, in two named steps so that a refusal says which one
 * failed: first the chain and its validity against the trust anchors (RFC 5280 §6: an unknown CA,
 * an expired certificate), then the server's identity (RFC 6125 §6, the JDK's "HTTPS" endpoint
 * identification set on the engine: the host name, or the IP literal against the iPAddress names).
 * The JDK does the checking; this class only records the first {@link TlsRejection}.
 */
final class ServerVerification extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager anchors;
    private volatile TlsRejection rejection;

    ServerVerification(X509ExtendedTrustManager anchors) {
        this.anchors = anchors;
    }

    /** What the verification refused, or null when it refused nothing (yet). */
    TlsRejection rejection() {
        return rejection;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            // Without the engine the JDK checks the path and validity only, not the name.
            anchors.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            rejection = new TlsRejection(pathFailure(e), message(e));
            throw e;
        }
        try {
            // With it: the same again, then the endpoint identification (the name).
            anchors.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            rejection = new TlsRejection(TlsFailure.WRONG_NAME, message(e));
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("TURN over TLS runs on an SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("TURN over TLS checks the server's name: an SSLEngine is needed");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    /** Every client check, whatever it runs on: a TURN client only ever checks its server. */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a TURN client accepts no TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }

    /** RFC 5280 §6.1.3 (validity) and §6.1 (a path to a trust anchor), from the JDK's exception chain. */
    static TlsFailure pathFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TlsFailure.EXPIRED;
            }
            if (t instanceof CertPathValidatorException v) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return TlsFailure.EXPIRED;
                }
                if (v.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                    return TlsFailure.UNKNOWN_CA;
                }
            }
            if (t instanceof CertPathBuilderException) {
                return TlsFailure.UNKNOWN_CA;
            }
        }
        return TlsFailure.HANDSHAKE;
    }

    /** The innermost message: the JDK wraps the useful words in a few layers. */
    static String message(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}

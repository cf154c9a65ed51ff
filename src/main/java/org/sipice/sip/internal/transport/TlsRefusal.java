package org.sipice.sip.internal.transport;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * Why we refused a server's certificate, named: what a call that could not connect over TLS ends
 * with ({@code tls_wrong_name: ...}), never a bare handshake failure and never a silent fallback.
 */
public final class TlsRefusal extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** The named reasons, as they appear in call events and RESULT lines. */
    public enum Reason {
        /** RFC 6125 §6, RFC 5922 §7.2: the certificate does not name the host we connected to. */
        WRONG_NAME("tls_wrong_name"),
        /** RFC 5280 §6.1.3: a certificate of the chain is past its notAfter. */
        EXPIRED("tls_expired"),
        /** RFC 5280 §6.1.3: a certificate of the chain is not valid yet. */
        NOT_YET_VALID("tls_not_yet_valid"),
        /** RFC 5280 §6: no chain from the certificate to a trusted CA. */
        UNKNOWN_CA("tls_unknown_ca"),
        /** The certificate is none of the pinned fingerprints. */
        FINGERPRINT_MISMATCH("tls_fingerprint_mismatch");

        private final String token;

        Reason(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    private final Reason reason;

    TlsRefusal(Reason reason, String detail) {
        super(reason.token() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The refusal somewhere in {@code error}'s causes (the JDK and JAIN-SIP wrap it), if any. */
    public static Optional<TlsRefusal> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TlsRefusal refusal) {
                return Optional.of(refusal);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}

package org.sipice.ice;

/**
 * Why a TLS server was not accepted: the certificate checks a TLS client makes (RFC 5280 §6 for
 * the chain and its validity, RFC 6125 §6 for the name), each named so that applications and
 * reports can say which one failed.
 */
public enum TlsFailure {
    /** The chain leads to no trusted CA (RFC 5280 §6.1: no certification path to a trust anchor). */
    UNKNOWN_CA,
    /** The certificate names another server than the one configured (RFC 6125 §6). */
    WRONG_NAME,
    /** A certificate of the chain is outside its validity period (RFC 5280 §6.1.3, expired or not yet valid). */
    EXPIRED,
    /** The TLS handshake failed otherwise (no common protocol version or cipher, a bad certificate, the server hung up). */
    HANDSHAKE
}

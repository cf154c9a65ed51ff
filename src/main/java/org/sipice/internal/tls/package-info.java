/**
 * Certificates and trust for TLS, made with BouncyCastle (bcpkix) and handed to the JDK: the
 * self-signed certificate of {@code sipice answer --transport tls}, the tests' own CA, key stores,
 * PEM files for coturn, SHA-256 fingerprints, and the trust anchors a TLS client checks a server
 * against (TURN over TLS, SIP over TLS). A shared utility of the base layer: it imports no sipice
 * package, and no API signature names it.
 */
package org.sipice.internal.tls;

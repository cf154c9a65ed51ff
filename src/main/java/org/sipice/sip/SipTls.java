package org.sipice.sip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SipEndpoint} does SIP over TLS: the certificate it presents, and which server
 * certificates it accepts when it connects. Immutable; {@link #defaults()} then {@code with...}.
 *
 * <p>Our certificate: a PKCS#12 key store ({@link #withKeyStore}); without one the endpoint makes
 * a self-signed certificate for its listening address when it starts and tells its SHA-256
 * fingerprint ({@link SipEndpoint#tlsFingerprint()}), which the peer pins.
 *
 * <p>The peer's certificate, as a SIP client checks it (RFC 5922 §7, RFC 6125): a chain to the
 * JDK's system trust store by default, or to the CA certificates of one PEM file
 * ({@link #withCaFile}), and the certificate must name the host we connected to (a DNS name, or
 * the IP address of an address literal). Pinned fingerprints ({@link #withTrustedFingerprints})
 * replace both checks: the peer's certificate must be one of them, self-signed or not, the way
 * a user accepts a phone's own certificate after comparing its fingerprint. Nothing is accepted
 * silently: a refused certificate fails the call with a named reason.
 */
public final class SipTls {
    private static final int SHA256_BYTES = 32;
    private static final SipTls DEFAULTS = new SipTls(null, null, null, List.of());

    private final Path keyStore;
    private final String keyStorePassword;
    private final Path caFile;
    private final List<String> trustedFingerprints;

    private SipTls(Path keyStore, String keyStorePassword, Path caFile, List<String> trustedFingerprints) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.caFile = caFile;
        this.trustedFingerprints = List.copyOf(trustedFingerprints);
    }

    /** A self-signed certificate of our own; peers checked against the system trust store. */
    public static SipTls defaults() {
        return DEFAULTS;
    }

    /** Presents the key and certificate chain of a PKCS#12 file (its one key entry). */
    public SipTls withKeyStore(Path file, String password) {
        return new SipTls(Objects.requireNonNull(file, "file"), Objects.requireNonNull(password, "password"),
                caFile, trustedFingerprints);
    }

    /** Trusts the CA certificates of this PEM file instead of the system trust store; null: the system's. */
    public SipTls withCaFile(Path file) {
        return new SipTls(keyStore, keyStorePassword, file, trustedFingerprints);
    }

    /**
     * Accepts exactly the server certificates with these SHA-256 fingerprints (as
     * {@link #normalizeFingerprint} reads them); empty: checks chains and names instead.
     *
     * @throws IllegalArgumentException if one is not a SHA-256 fingerprint
     */
    public SipTls withTrustedFingerprints(List<String> fingerprints) {
        List<String> normal = new ArrayList<>();
        for (String f : fingerprints) {
            normal.add(normalizeFingerprint(f));
        }
        return new SipTls(keyStore, keyStorePassword, caFile, normal);
    }

    public Optional<Path> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** The key store's password; empty without a key store. */
    public Optional<String> keyStorePassword() {
        return Optional.ofNullable(keyStorePassword);
    }

    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /** Normalized ({@code AB:CD:...}, upper case), in the order given. */
    public List<String> trustedFingerprints() {
        return trustedFingerprints;
    }

    /**
     * A SHA-256 fingerprint as RFC 8122 §5 writes it (upper-case hex pairs joined by colons),
     * from what users paste: {@code SHA256:ab:cd:..}, {@code sha-256 AB:CD..}, or 64 hex digits.
     *
     * @throws IllegalArgumentException if it is not 32 bytes of hex
     */
    public static String normalizeFingerprint(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String prefix : List.of("sha256:", "sha-256:", "sha256 ", "sha-256 ")) {
            if (lower.startsWith(prefix)) {
                t = t.substring(prefix.length()).trim();
                break;
            }
        }
        String hex = t.replace(":", "").toUpperCase(Locale.ROOT);
        if (hex.length() != SHA256_BYTES * 2 || !hex.matches("[0-9A-F]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 fingerprint (32 hex bytes, "
                    + "e.g. SHA256:AB:CD:...)");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SipTls{certificate " + (keyStore == null ? "self-signed" : keyStore.toString())
                + ", trust " + (!trustedFingerprints.isEmpty() ? trustedFingerprints.size() + " pinned fingerprint(s)"
                        : caFile != null ? "CA file " + caFile : "system") + "}";
    }
}

package org.sipice.ice.internal.engine.session;

import java.security.SecureRandom;
import org.sipice.sdp.IceCredentials;

/**
 * A generation's ice-ufrag and ice-pwd (RFC 8445 §5.3): random, from a cryptographically strong
 * source, since the password is the key of every check's MESSAGE-INTEGRITY (RFC 8445 §7.2.2).
 */
final class LocalCredentials {
    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/", 6 bits each. */
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** 8 characters, 48 bits: RFC 8445 §5.3 asks at least 24 bits; at most 32 characters are sent. */
    static final int UFRAG_LENGTH = 8;
    /** 24 characters, 144 bits: RFC 8445 §5.3 asks at least 128 bits (22 characters). */
    static final int PWD_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalCredentials() {
    }

    static IceCredentials random() {
        return new IceCredentials(randomChars(UFRAG_LENGTH), randomChars(PWD_LENGTH));
    }

    private static String randomChars(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }
}

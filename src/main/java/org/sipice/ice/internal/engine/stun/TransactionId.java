package org.sipice.ice.internal.engine.stun;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A STUN transaction id (RFC 8489 §5: 96 bits, uniformly random, from a cryptographically
 * strong source so that an off-path attacker cannot forge a response).
 */
public final class TransactionId {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final int hash;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A new random id. */
    public static TransactionId random() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return new TransactionId(b);
    }

    /** The id of a received message (12 bytes; an RFC 3489 16-byte id never matches ours). */
    public static TransactionId of(byte[] bytes) {
        return new TransactionId(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(24);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}

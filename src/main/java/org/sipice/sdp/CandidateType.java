package org.sipice.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * The candidate types RFC 8839 §5.1 defines for {@code typ} (RFC 8445 §5.1.1). Any other token is
 * a candidate type this agent does not know how to use, and the candidate is skipped.
 */
public enum CandidateType {
    /** A host candidate: an address on a local interface (RFC 8445 §5.1.1.1). */
    HOST("host"),
    /** A server-reflexive candidate, learnt from a STUN server (RFC 8445 §5.1.1.2). */
    SRFLX("srflx"),
    /** A peer-reflexive candidate, learnt from a connectivity check (RFC 8445 §7.2.5.3.1). */
    PRFLX("prflx"),
    /** A relayed candidate, allocated on a TURN server (RFC 8445 §5.1.1.2). */
    RELAY("relay");

    private final String sdpName;

    CandidateType(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The name written after {@code typ}, e.g. {@code srflx}. */
    public String sdpName() {
        return sdpName;
    }

    /**
     * The type written as {@code name} after {@code typ}; empty for an unknown type. ABNF string
     * literals are case-insensitive (RFC 5234 §2.3), so {@code HOST} is {@link #HOST}.
     */
    public static Optional<CandidateType> fromSdp(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CandidateType type : values()) {
            if (type.sdpName.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

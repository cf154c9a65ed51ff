package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What a TURN server granted (RFC 8656 §7.3): the relayed transport address peers send to, the
 * client's server-reflexive address as the server saw it, and how long the allocation lasts
 * before its first refresh.
 *
 * @param relayed  XOR-RELAYED-ADDRESS: the relayed candidate's address
 * @param mapped   XOR-MAPPED-ADDRESS: a server-reflexive candidate's address
 * @param lifetime LIFETIME (600 s when the server left it out, RFC 8656 §7.3)
 * @param additional the second XOR-RELAYED-ADDRESS of a dual allocation (RFC 8656 §7.3), of the
 *                   other family; null when there is one relayed address
 * @param refused    why a dual allocation has one address only: the server's ADDRESS-ERROR-CODE
 *                   (RFC 8656 §18.12), e.g. "IPv6: 440 Address Family not Supported"; null otherwise
 */
public record TurnAllocation(InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime,
        InetSocketAddress additional, String refused) {
    public TurnAllocation {
        Objects.requireNonNull(relayed, "relayed");
        Objects.requireNonNull(mapped, "mapped");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** An allocation with one relayed address. */
    public TurnAllocation(InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime) {
        this(relayed, mapped, lifetime, null, null);
    }
}

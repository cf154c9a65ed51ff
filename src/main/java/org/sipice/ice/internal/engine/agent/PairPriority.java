package org.sipice.ice.internal.engine.agent;

import org.sipice.ice.IceRole;

/** The priority of a candidate pair (RFC 8445 §6.1.2.3). */
final class PairPriority {
    private PairPriority() {
    }

    /**
     * RFC 8445 §6.1.2.3: {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}, where G is the priority
     * of the controlling agent's candidate and D that of the controlled agent's.
     */
    static long of(long controlling, long controlled) {
        long min = Math.min(controlling, controlled);
        long max = Math.max(controlling, controlled);
        return (min << 32) + 2 * max + (controlling > controlled ? 1 : 0);
    }

    /** The pair priority seen from an agent in {@code role} (RFC 8445 §6.1.2.3). */
    static long of(IceRole role, long local, long remote) {
        return role == IceRole.CONTROLLING ? of(local, remote) : of(remote, local);
    }
}

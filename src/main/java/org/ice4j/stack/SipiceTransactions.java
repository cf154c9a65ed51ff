package org.ice4j.stack;

import org.ice4j.message.Request;

/**
 * A deliberate split-package shim, like {@code org.ice4j.ice.SipiceSelection}: the request of a
 * client transaction still in flight, which ice4j keeps package-private. sipice needs it to tell a
 * response to a connectivity check (which must carry a valid MESSAGE-INTEGRITY, RFC 8445 §7.2.5,
 * RFC 8489 §9.1.4) from a response of a STUN or TURN server (which follows its own rules).
 * Nothing else belongs here. Caller: {@code org.sipice.ice.internal.nomination}.
 */
public final class SipiceTransactions {
    private SipiceTransactions() {
    }

    /** The request sent in transaction {@code transactionId} of {@code stack}, or null if none is in flight. */
    public static Request requestOf(StunStack stack, byte[] transactionId) {
        StunClientTransaction transaction = stack.getClientTransaction(transactionId);
        return transaction == null ? null : transaction.getRequest();
    }
}

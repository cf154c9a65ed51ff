package org.sipice.thirdparty;

import java.util.concurrent.CompletableFuture;

/**
 * A call the controller set up between two parties (RFC 3725). Methods return at once; outcomes
 * arrive as {@link ControllerEvent}s and through the futures.
 */
public interface ControlledCall {

    /** The Call-ID of the controller's dialog with party A. */
    String id();

    /** Completes when both parties have answered and have each other's SDP (ICE runs between them). */
    CompletableFuture<Void> connected();

    /**
     * Re-targets party A from its current peer to {@code target} (RFC 3725 §7, "continued
     * operation"): an offerless re-INVITE to A, whose 200 carries a new offer (an ICE restart: new
     * ufrag/pwd and freshly gathered candidates, RFC 8839 §7.5), an INVITE with that offer to the
     * new party, its answer to A in the ACK, then a BYE to the old party. Completes when A has
     * the new party's answer.
     */
    CompletableFuture<Void> transfer(String target);

    /** BYE to every party. */
    void hangup();

    /** Completes when every dialog of the call has ended. */
    CompletableFuture<ControllerEvent.Ended> ended();
}

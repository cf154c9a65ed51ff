package org.sipice.thirdparty;

/**
 * The RFC 3725 §4 call establishment flows, as the controller runs them between parties A and B.
 * The controller never touches media and passes every SDP, ICE attributes included, unchanged
 * (RFC 8839 §7.5: Flow IV works "as long as the controller passes along the ICE attributes
 * without alteration"); it only rewrites the {@code o=} line so that each party sees one origin
 * with increasing versions (RFC 3264 §8, RFC 3725 §4.3 "offer2'").
 */
public enum Flow {
    /**
     * INVITE A without SDP; A's 200 carries offer1; INVITE B with offer1; B's answer (its first
     * SDP, 100/183/200) goes to A in the ACK; B's 200 is ACKed. Needs no ICE awareness in the
     * controller (RFC 8839 §7.5). A offers, so A is the controlling agent.
     */
    I,
    /**
     * Refused: A's SDP is an answer to the controller's black hole offer, and Flow II forwards it
     * to B as an offer, then B's answer to A as an offer again. Both ends believe they are the
     * answerer (RFC 8839 §7.5): under RFC 8445 §6.1.1 both take the controlled role and neither
     * sends the updated offer that concludes ICE; worse, A's ICE credentials were chosen to
     * answer the black hole's, so B's checks authenticate against a session paired with nobody.
     * {@link ThirdPartyController#connect} throws {@link IllegalArgumentException} for it.
     */
    II,
    /**
     * INVITE A without SDP; A's 200 carries offer1, ACKed with a black hole answer; INVITE B
     * without SDP; B's 200 carries offer2, sent to A in a re-INVITE; A's answer goes to B in the
     * ACK. B offers, so B controls; A restarts ICE toward B with new credentials (RFC 8839
     * §4.4.1.1.1).
     */
    III,
    /**
     * As {@link #III}, but the first INVITE carries a black hole offer to A instead of no SDP.
     * ICE toward a black hole cannot complete; the offer is {@code a=inactive} (RFC 3264 §5.1),
     * so a sipice A rings without waiting for ICE whatever its ringing gate policy. A UA that
     * holds alerting for ICE even on an inactive offer fails its gate (480) and the call fails
     * with that status.
     */
    IV
}

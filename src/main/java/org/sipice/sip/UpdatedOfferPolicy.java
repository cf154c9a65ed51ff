package org.sipice.sip;

/**
 * Whether the caller (the controlling agent) sends an updated offer once ICE completed
 * (RFC 8839 §4.3.4, RFC 5245 §9.1.2.2), profile key {@code sipice.updated-offer}.
 */
public enum UpdatedOfferPolicy {
    /**
     * The RFC's rule: one updated offer, only toward a peer that did not advertise {@code ice2}
     * and only when a selected local candidate differs from the default we signalled in
     * {@code c=}/{@code m=}. Two RFC 8445 agents never send one.
     */
    AUTO,
    /**
     * Never: for peers (or middleboxes) that mishandle a re-INVITE/UPDATE right after the call
     * is set up. An RFC 5245 peer's signalling path then keeps seeing the original defaults.
     */
    NEVER
}

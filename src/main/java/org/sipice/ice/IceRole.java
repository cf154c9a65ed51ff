package org.sipice.ice;

/**
 * The ICE role of an agent (RFC 8445 §6.1.1).
 *
 * <p>In SIP the offerer starts as the controlling agent and the answerer as the controlled agent,
 * unless one side is ICE-lite (RFC 8445 §6.1.1, RFC 8839 §4.2.2).
 */
public enum IceRole {
    /** Nominates pairs; the SIP offerer in a full/full session. */
    CONTROLLING,
    /** Accepts the controlling agent's nominations; the SIP answerer. */
    CONTROLLED
}

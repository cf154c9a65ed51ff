package org.sipice.sip;

/** What the UAS does when ICE has not selected a pair for every component in time. */
public enum RingingGatePolicy {
    /** Send 180 anyway; media will use the default candidates (RFC 8839 §7.1.1 allows it). */
    RING_ANYWAY,
    /** Fail the call with the configured status and a Warning header. */
    FAIL
}

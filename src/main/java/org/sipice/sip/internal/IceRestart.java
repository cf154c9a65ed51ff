package org.sipice.sip.internal;

import org.sipice.ice.RemoteIce;

/**
 * Whether the peer's in-dialog offer restarts ICE. RFC 8839 §4.4.1.1.1: an agent restarts ICE by
 * offering a new ice-ufrag and ice-pwd; RFC 8839 §4.4.2.1: the answerer detects a restart by a
 * changed ufrag or pwd, nothing else. So a legacy hold offer with {@code c=0.0.0.0} (RFC 3264
 * §8.4) and unchanged credentials is no restart (RFC 8839 §4.4.1.1.1 forbids agents to use it for
 * hold, so it comes from an old peer that did not mean one), nor is a direction change, new
 * candidates, or {@code a=remote-candidates} (RFC 8839 §4.4.2). ufrag and pwd compare exactly,
 * as the strings that go into the checks' USERNAME and MESSAGE-INTEGRITY (RFC 8445 §7.2.2).
 */
final class IceRestart {
    private IceRestart() {
    }

    /** True if {@code offered} restarts ICE relative to the peer's {@code current} description. */
    static boolean isRestart(RemoteIce current, RemoteIce offered) {
        return !offered.credentials().equals(current.credentials());
    }
}

package org.sipice.sip.internal;

import org.sipice.ice.internal.RestartableIceSession;

/**
 * Breaks the architecture rules on purpose, for {@code ArchitectureRulesBiteTest} only: SIP's
 * implementation holding ICE's implementation instead of an {@code IceSession}. Nothing else uses
 * it.
 */
public final class CrossComponentFixture {
    private RestartableIceSession session;

    @Override
    public String toString() {
        return "CrossComponentFixture{" + session + "}";
    }
}

package org.sipice.ice.internal.engine.session;

import java.security.SecureRandom;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.internal.engine.agent.AgentSettings;
import org.sipice.sdp.IceCredentials;

/** A generation's {@link AgentSettings} from the session's {@link IceConfig} and role. */
final class AgentSettingsFrom {
    /** RFC 8445 §7.3.1.1: the tie-breaker is a random 64-bit number, unpredictable to the peer. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentSettingsFrom() {
    }

    static AgentSettings of(IceConfig config, IceRole role, IceCredentials credentials) {
        return of(config, role, credentials, config.udpBlocked());
    }

    /** @param udpBlocked UDP known blocked: configured, or found by the gathering ({@link UdpBlockedDetection}) */
    static AgentSettings of(IceConfig config, IceRole role, IceCredentials credentials, boolean udpBlocked) {
        return new AgentSettings(role, RANDOM.nextLong(), credentials, config.componentCount(), config.ta(),
                config.nomination(), config.checksTimeout(), config.consentInterval(), config.consentTimeout(),
                config.keepaliveInterval(), config.relayOnly(), udpBlocked);
    }
}

package org.sipice.ice.internal;

import java.util.List;
import org.sipice.ice.IceConfig;
import org.sipice.ice.StunServer;

/**
 * The relay-first gathering policy ({@link IceConfig#relayFirst()}): behind an
 * address-and-port-dependent mapping (RFC 4787 §4.1) a server-reflexive candidate only reaches
 * peers whose NAT filters nothing, while the relayed one reaches everybody (RFC 8445 §5.1.1.2).
 * With TURN configured, gathering asks the TURN servers only: each Allocate response also
 * yields the server-reflexive candidate (XOR-MAPPED-ADDRESS, RFC 8656 §7.3), so no separate
 * Binding transaction delays the offer.
 */
public final class RelayFirst {
    private RelayFirst() {
    }

    public static boolean applies(IceConfig config) {
        return config.relayFirst() && !config.turnServers().isEmpty();
    }

    /** The STUN servers gathering sends Binding requests to. */
    public static List<StunServer> stunServersAsked(IceConfig config) {
        return applies(config) ? List.of() : config.stunServers();
    }
}

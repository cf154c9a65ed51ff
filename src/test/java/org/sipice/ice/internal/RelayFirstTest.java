package org.sipice.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.StunServer;
import org.sipice.ice.TurnServer;

/** Relay-first gathering asks the TURN servers only, and only when there is one. */
class RelayFirstTest {
    private static final StunServer STUN = StunServer.parse("203.0.113.1:3478");
    private static final TurnServer TURN = TurnServer.parse("203.0.113.1:3478", "alice", "alicepw");

    @Test
    void withTurn_noSeparateBindingRequest() {
        IceConfig config = IceConfig.builder().stunServers(List.of(STUN)).turnServers(List.of(TURN)).relayFirst(true)
                .build();

        assertTrue(RelayFirst.applies(config));
        assertEquals(List.of(), RelayFirst.stunServersAsked(config));
    }

    @Test
    void withoutTurn_stunAsUsual() {
        IceConfig config = IceConfig.builder().stunServers(List.of(STUN)).relayFirst(true).build();

        assertFalse(RelayFirst.applies(config));
        assertEquals(List.of(STUN), RelayFirst.stunServersAsked(config));
    }

    @Test
    void offByDefault() {
        IceConfig config = IceConfig.builder().stunServers(List.of(STUN)).turnServers(List.of(TURN)).build();

        assertFalse(config.relayFirst());
        assertEquals(List.of(STUN), RelayFirst.stunServersAsked(config));
        assertTrue(config.toBuilder().relayFirst(true).build().relayFirst());
    }
}

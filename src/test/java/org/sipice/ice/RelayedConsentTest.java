package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ConsentLost;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.SessionPair;

/**
 * Consent freshness (RFC 7675) through TURN relays (coturn on loopback): the consent checks and
 * their authenticated answers travel through both relays, so a relayed call keeps consent for
 * several consent timeouts, and loses it once the peer is gone.
 */
class RelayedConsentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.withDefaults();

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;
    private MediaFlow media;

    @AfterEach
    void close() {
        if (media != null) {
            media.close();
        }
    }

    private static IceConfig relayOnly() {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true)
                .addTurnServer(coturn.server().turnServer()).relayOnly(true)
                .consentInterval(INTERVAL).consentTimeout(TIMEOUT).build();
    }

    @Test
    void aRelayedCallKeepsConsentThroughBothRelaysAndLosesItWhenThePeerIsGone() throws Exception {
        alice = peers.alice(relayOnly());
        bob = peers.bob(relayOnly());
        IcePeers.connect(alice, bob, DEADLINE);
        assertEquals("relay/udp-relay/udp", alice.selectedPair(1).orElseThrow().typeSummary());

        // Both talk for three consent timeouts: only answered consent checks can keep them going.
        media = MediaFlow.between(alice, bob, 1);
        media.startTalking(Duration.ofMillis(50));
        media.awaitDeliveredAfter(TIMEOUT.multipliedBy(3), DEADLINE);
        assertTrue(aliceEvents.ofType(ConsentLost.class).isEmpty(), aliceEvents.names().toString());
        assertTrue(bobEvents.ofType(ConsentLost.class).isEmpty(), bobEvents.names().toString());
        assertEquals(IceState.COMPLETED, alice.state());
        assertEquals(0, media.longestLossRun(), media.summary());
        media.close();

        bob.close();
        ConsentLost lost = aliceEvents.await(ConsentLost.class, TIMEOUT.plus(DEADLINE));
        assertTrue(lost.sinceLastResponse().compareTo(TIMEOUT) >= 0, lost.toString());
        assertEquals(IceState.FAILED, alice.state());
    }
}

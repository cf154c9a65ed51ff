package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.ice.IceEvent.TurnRefreshFailed;
import org.sipice.ice.IceEvent.TurnRefreshed;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.SessionPair;

/**
 * A relayed call against a TURN server whose allocations, permissions and channel bindings all
 * last {@value #LIFETIME_S} s and whose nonces go stale after {@value #STALE_NONCE_S} s: it only
 * survives if sipice refreshes all three, answers every 438 with the new nonce, and it leaves
 * nothing behind when it hangs up.
 */
class TurnRefreshTest {
    private static final int LIFETIME_S = 8;
    private static final int STALE_NONCE_S = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().maxAllocateLifetime(LIFETIME_S)
            .permissionLifetime(LIFETIME_S).channelLifetime(LIFETIME_S).staleNonce(STALE_NONCE_S));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;

    private static IceConfig relayOnly() {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress())
                .addTurnServer(coturn.server().turnServer()).relayOnly(true).build();
    }

    @Test
    void aRelayedCallOutlivesTwiceTheAllocationLifetimeAndHangingUpDeletesTheAllocations() throws Exception {
        alice = peers.alice(relayOnly());
        bob = peers.bob(relayOnly());
        IcePeers.connect(alice, bob, DEADLINE);
        assertEquals(Duration.ofSeconds(LIFETIME_S), aliceEvents.await(TurnAllocated.class, DEADLINE).lifetime());
        assertEquals("relay/udp-relay/udp", alice.selectedPair(1).orElseThrow().typeSummary());

        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            // Both talk every 50 ms, RTP and RTCP, for more than twice the lifetime.
            media.startTalking(Duration.ofMillis(50));
            Duration talk = Duration.ofSeconds(2L * LIFETIME_S + 1);
            media.awaitDeliveredAfter(talk, talk.plus(DEADLINE));

            // Each allocation was refreshed (RFC 8656 §8) before its 8 s ran out. coturn answers any
            // Refresh with 600 s (its minimum), so one refresh per allocation is all there is.
            for (EventRecorder side : List.of(aliceEvents, bobEvents)) {
                for (int component = 1; component <= 2; component++) {
                    int c = component;
                    assertTrue(side.ofType(TurnRefreshed.class).stream().anyMatch(r -> r.componentId() == c),
                            "component " + c + " never refreshed: " + side.names());
                }
                assertTrue(side.ofType(TurnRefreshFailed.class).isEmpty(), side.events().toString());
            }
            assertTrue(coturn.server().refreshes() >= 4, "coturn saw " + coturn.server().refreshes() + " refreshes");
            // Channel bindings (each also renews its permission) were renewed every 4 s: the first
            // binding per allocation, then at least three renewals each over 17 s.
            int bindings = coturn.server().logLinesContaining("CHANNEL_BIND processed, success").size();
            assertTrue(bindings >= 4 * 4, "channel bindings seen by coturn: " + bindings);
            // The nonce went stale between renewals (2 s); every 438 was retried with the new nonce.
            assertTrue(coturn.server().logLinesContaining("error 438").size() >= 4, "no stale nonce was ever met");
            // Nothing expired: no gap in the media either way.
            assertTrue(media.longestLossRun() <= 4, "lost in a row: " + media.longestLossRun() + "; "
                    + media.summary());
        }
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();
        alice.close();
        bob.close();

        Eventually.atMost(coturn.server()::liveAllocations, 0, Duration.ofSeconds(5), () -> "live allocations on coturn");
        assertEquals(deletedBefore + 4, coturn.server().logLinesContaining("lifetime=0").size(),
                "deleted by Refresh(0), not expired");
    }
}

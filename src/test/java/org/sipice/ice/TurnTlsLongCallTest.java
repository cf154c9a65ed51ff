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
import org.sipice.internal.tls.CertificateAuthority;
import org.sipice.testing.CaFile;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.SessionPair;

/**
 * A call relayed over TURN/TLS (RFC 8656 §3.1) outlives twice the {@value #LIFETIME_S} s allocation
 * lifetime coturn grants, media flowing both ways all along: each allocation is refreshed through
 * its TLS connection (RFC 8656 §8) and deleted by a Refresh with LIFETIME 0 at hang-up, as coturn's
 * log shows.
 */
class TurnTlsLongCallTest {
    private static final int LIFETIME_S = 8;
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final CertificateAuthority CA = CertificateAuthority.create("sipice long-call CA", Duration.ofDays(1));

    @RegisterExtension
    static final CaFile caFile = CaFile.of(CA);

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().maxAllocateLifetime(LIFETIME_S)
            .permissionLifetime(LIFETIME_S).channelLifetime(LIFETIME_S)
            .tls(CA.issue(List.of("127.0.0.1"), Duration.ofDays(1))));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();

    private static IceConfig relayOnlyOverTls() {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress())
                .addTurnServer(coturn.server().tlsTurnServer(caFile.path())).relayOnly(true)
                // Two TLS handshakes per side on a loaded 2-core machine: more room than the 800 ms default.
                .gatheringTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aCallRelayedOverTlsOutlivesTwiceTheAllocationLifetimeAndHangingUpDeletesTheAllocations() throws Exception {
        IceSession alice = peers.alice(relayOnlyOverTls());
        IceSession bob = peers.bob(relayOnlyOverTls());
        IcePeers.connect(alice, bob, DEADLINE);
        assertEquals(Duration.ofSeconds(LIFETIME_S), aliceEvents.await(TurnAllocated.class, DEADLINE).lifetime());
        assertEquals("tls", alice.stats().localCandidates().get(0).relayProtocol());

        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            // Both talk every 50 ms, RTP and RTCP, for more than twice the lifetime.
            media.startTalking(Duration.ofMillis(50));
            Duration talk = Duration.ofSeconds(2L * LIFETIME_S + 1);
            media.awaitDeliveredAfter(talk, talk.plus(DEADLINE));

            for (EventRecorder side : List.of(aliceEvents, bobEvents)) {
                for (int component = 1; component <= 2; component++) {
                    int c = component;
                    assertTrue(side.ofType(TurnRefreshed.class).stream().anyMatch(r -> r.componentId() == c),
                            "component " + c + " never refreshed: " + side.names());
                }
                assertTrue(side.ofType(TurnRefreshFailed.class).isEmpty(), side.events().toString());
            }
            assertTrue(coturn.server().refreshes() >= 4, "coturn saw " + coturn.server().refreshes() + " refreshes");
            assertTrue(media.longestLossRun() <= 4, "lost in a row: " + media.longestLossRun() + "; "
                    + media.summary());
        }
        // coturn's own account of the transport: each allocation's session was a TLS connection.
        assertTrue(coturn.server().logLinesContaining("TLS/TCP").isEmpty(), "no connection closed yet");
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();
        alice.close();
        bob.close();

        Eventually.atMost(coturn.server()::liveAllocations, 0, Duration.ofSeconds(5), () -> "live allocations on coturn");
        assertEquals(deletedBefore + 4, coturn.server().logLinesContaining("lifetime=0").size(),
                "deleted by Refresh(0), not expired");
        assertTrue(coturn.server().logLinesContaining("reason: allocation timeout").isEmpty(), "none expired");
        Eventually.atMost(() -> 4 - coturn.server().logLinesContaining("TLS/TCP connection closed by client").size(), 0,
                Duration.ofSeconds(5), () -> "TLS connections closed by sipice after the deletions");
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.ice.IceEvent.TurnRefreshFailed;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.SessionPair;

/**
 * Shared-secret credentials (coturn's {@code use-auth-secret}) that expire while a relayed call
 * goes on, measured against coturn 4.6.1 (docs/ENGINE.md, "TURN client"): an allocation keeps
 * the user name it was made with (RFC 8656 §7.2; coturn answers another one with 441), and coturn
 * keeps accepting its Refresh, CreatePermission and ChannelBind after the expiry, fresh nonces
 * included. A new allocation after the expiry gets fresh credentials from the same configuration.
 */
class TurnSecretExpiryTest {
    private static final String SECRET = "shared-with-coturn";
    private static final Duration VALIDITY = Duration.ofSeconds(5);
    /** Permissions and channels are renewed every 4 s, so twice after the credentials expired. */
    private static final int LIFETIME_S = 8;
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Pattern EXPIRY = Pattern.compile("\\(user (\\d+):alice\\)");

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().authSecret(SECRET)
            .maxAllocateLifetime(LIFETIME_S).permissionLifetime(LIFETIME_S / 2).channelLifetime(LIFETIME_S / 2)
            .staleNonce(2));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();

    private static IceConfig relayOnly(TurnServer server) {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).addTurnServer(server)
                .relayOnly(true).build();
    }

    @Test
    void aRelayedCallOutlivesItsCredentialsAndTheNextAllocationGetsFreshOnes() throws Exception {
        TurnServer server = TurnServer.withSharedSecret(coturn.server().address(), "alice", SECRET, VALIDITY,
                TurnServer.Transport.UDP);
        IceSession alice = peers.alice(relayOnly(server));
        IceSession bob = peers.bob(relayOnly(server));
        IcePeers.connect(alice, bob, DEADLINE);
        long expiry = expiryOf(aliceEvents.await(TurnAllocated.class, DEADLINE));
        assertEquals("relay/udp-relay/udp", alice.selectedPair(1).orElseThrow().typeSummary());
        int bindingsBefore = coturn.server().logLinesContaining("CHANNEL_BIND processed, success").size();

        Instant talkStart = Instant.now(); // no later than the flow's own start
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.startTalking(Duration.ofMillis(50));
            // Talk until 9 s past the expiry: two renewals of every permission and channel under it.
            Duration talk = Duration.between(talkStart, Instant.ofEpochSecond(expiry + 9));
            media.awaitDeliveredAfter(talk, talk.plus(DEADLINE));

            assertTrue(Instant.now().getEpochSecond() >= expiry + 9, () -> "the talk outlived the credentials: now "
                    + Instant.now() + ", expiry " + expiry + ", talk " + talk + "; " + media.summary());
            for (EventRecorder side : new EventRecorder[] {aliceEvents, bobEvents}) {
                assertTrue(side.ofType(TurnRefreshFailed.class).isEmpty(), side.events().toString());
            }
            int bindings = coturn.server().logLinesContaining("CHANNEL_BIND processed, success").size();
            assertTrue(bindings >= bindingsBefore + 4 * 2, "channel renewals under the expired name: "
                    + (bindings - bindingsBefore));
            assertTrue(coturn.server().logLinesContaining("error 401").size() <= 4, "only the first challenges");
            assertTrue(coturn.server().logLinesContaining("error 441").isEmpty(), "no credential mismatch");
            assertTrue(media.longestLossRun() <= 4, "lost in a row: " + media.longestLossRun() + "; "
                    + media.summary());
        }

        // A new allocation from the same configuration, after the first credentials expired.
        EventRecorder carolEvents = new EventRecorder();
        IceSession carol = IceSession.create(relayOnly(server), IceRole.CONTROLLING, carolEvents);
        try {
            LocalIce local = await(carol.gather(), DEADLINE);
            assertTrue(local.candidates().stream().anyMatch(c -> c.type() == CandidateType.RELAY), local.toString());
            assertTrue(expiryOf(carolEvents.await(TurnAllocated.class, DEADLINE)) > expiry, "fresh credentials");
        } finally {
            carol.close();
        }

        // RFC 8656 §8: Refresh(0) under the expired user name, after a stale nonce, still deletes.
        int deletedBefore = coturn.server().logLinesContaining("lifetime=0").size();
        alice.close();
        bob.close();
        Eventually.atMost(coturn.server()::liveAllocations, 0, Duration.ofSeconds(5), () -> "live allocations");
        assertTrue(coturn.server().logLinesContaining("lifetime=0").size() >= deletedBefore + 4,
                "deleted by Refresh(0), not expired");
    }

    private static long expiryOf(TurnAllocated grant) {
        Matcher m = EXPIRY.matcher(grant.server());
        assertTrue(m.find(), grant.server());
        return Long.parseLong(m.group(1));
    }
}

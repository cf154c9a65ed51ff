package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceEvent.TurnAllocated;
import org.sipice.profile.SipProfile;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.SessionPair;

/**
 * Time-limited credentials from a secret shared with the TURN server (coturn's
 * {@code use-auth-secret}, docs/PROFILES.md): coturn on loopback checks them itself.
 */
class TurnSharedSecretTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String SECRET = "shared-with-coturn";

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().authSecret(SECRET));

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();

    @Test
    void aProfileWithTheSecretGetsARelayedCandidateFromCoturn() throws Exception {
        Properties props = new Properties();
        props.setProperty("sipice.host-addresses", InetAddress.getLoopbackAddress().getHostAddress());
        props.setProperty("sipice.turn-servers", coturn.server().turnServer().uri());
        props.setProperty("sipice.turn-username", "alice");
        props.setProperty("sipice.turn-secret", SECRET);
        IceConfig config = SipProfile.parse("secret", props).callConfig().ice();
        IceSession alice = peers.alice(config);

        LocalIce local = await(alice.gather(), DEADLINE);

        assertTrue(local.candidates().stream().anyMatch(c -> c.type() == CandidateType.RELAY), local.toString());
        TurnAllocated grant = aliceEvents.await(TurnAllocated.class, DEADLINE);
        assertTrue(grant.server().matches(".*\\(user \\d+:alice\\)"), grant.server());
        assertTrue(aliceEvents.ofType(ServerFailed.class).isEmpty(), aliceEvents.names().toString());
    }

    @Test
    void aWrongSecretIsRefusedAsWrongCredentials() throws Exception {
        TurnServer wrong = TurnServer.withSharedSecret(coturn.server().address(), "alice", "not-the-secret",
                Instant.now().plus(TurnServer.DEFAULT_SECRET_VALIDITY), TurnServer.Transport.UDP);
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress())
                .addTurnServer(wrong).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertEquals(wrong.toString(), failed.server());
        assertTrue(failed.reason().startsWith("401 Unauthorized: wrong TURN credentials"), failed.reason());
        assertTrue(local.candidates().stream().allMatch(c -> c.type() == CandidateType.HOST), local.toString());
        assertTrue(aliceEvents.ofType(TurnAllocated.class).isEmpty());
    }

    @Test
    void expiredCredentialsFromTheRightSecretAreRefusedToo() throws Exception {
        // coturn rejects a user name whose timestamp has passed, however well signed.
        TurnServer expired = TurnServer.withSharedSecret(coturn.server().address(), "alice", SECRET,
                Instant.now().minusSeconds(60), TurnServer.Transport.UDP);
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress())
                .addTurnServer(expired).build());

        await(alice.gather(), DEADLINE);

        ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
        assertTrue(failed.reason().startsWith("401 Unauthorized"), failed.reason());
        assertTrue(aliceEvents.ofType(TurnAllocated.class).isEmpty());
    }
}

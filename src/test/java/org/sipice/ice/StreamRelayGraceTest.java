package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.GatheringCompleted;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.SessionPair;

/**
 * The gathering deadline and a relay over TCP when nothing answers over UDP: the allocation
 * costs the TCP handshake before its own round trips (RFC 8656 §3.1), and may be the call's only
 * way out, so the deadline waits for it (up to 2 s more) instead of ending without it; a silent
 * server over TCP still ends the gathering, 2 s after the deadline, with a ServerFailed.
 */
class StreamRelayGraceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Far shorter than any TCP allocation: without the grace there would be no relayed candidate. */
    private static final Duration TINY_GATHERING_DEADLINE = Duration.ofMillis(1);

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().tcp());

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();

    @Test
    void aRelayOverTcpSlowerThanTheDeadlineIsStillGathered() throws Exception {
        IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK)
                .addTurnServer(coturn.server().tcpTurnServer()).gatheringTimeout(TINY_GATHERING_DEADLINE).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        for (int component = 1; component <= 2; component++) {
            int c = component;
            assertEquals(1, local.candidates().stream()
                    .filter(k -> k.componentId() == c && k.type() == CandidateType.RELAY).count(),
                    "component " + c + " has its relay over TCP: " + local.candidates());
        }
        assertEquals(List.of(), aliceEvents.events().stream().filter(ServerFailed.class::isInstance).toList());
    }

    @Test
    void aSilentServerOverTcpEndsTheGatheringTwoSecondsAfterTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, LOOPBACK)) { // accepts, never answers
            Duration deadline = Duration.ofMillis(300);
            IceSession alice = peers.alice(IceConfig.builder().addHostAddress(LOOPBACK)
                    .addTurnServer(TurnServer.tcp(new InetSocketAddress(LOOPBACK, silent.getLocalPort()), "u", "p"))
                    .gatheringTimeout(deadline).build());

            LocalIce local = await(alice.gather(), DEADLINE);

            assertTrue(local.candidates().stream().allMatch(k -> k.type() == CandidateType.HOST), local.toString());
            Duration took = aliceEvents.await(GatheringCompleted.class, DEADLINE).took();
            assertTrue(took.compareTo(deadline.plusSeconds(2)) >= 0 && took.compareTo(deadline.plusSeconds(4)) < 0,
                    "the deadline (300 ms) and 2 s of grace, not more: " + took.toMillis() + " ms");
            ServerFailed failed = aliceEvents.await(ServerFailed.class, DEADLINE);
            assertTrue(failed.reason().contains("no Allocate response"), failed.toString());
        }
    }
}

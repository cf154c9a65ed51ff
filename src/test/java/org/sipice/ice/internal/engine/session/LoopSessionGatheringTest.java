package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;
import static org.sipice.testing.Await.awaitFailure;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceEvent.ServerFailed;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.ice.StunServer;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;

/** Gathering of one generation on the shared loops, on loopback, with real sockets. */
class LoopSessionGatheringTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final EventRecorder events = new EventRecorder();
    private LoopSession alice;

    private static IceConfig.Builder loopback() {
        return IceConfig.builder().addHostAddress(LOOPBACK);
    }

    @AfterEach
    void close() {
        if (alice != null) {
            alice.close();
        }
    }

    private LocalIce gather(IceConfig config) throws Exception {
        alice = new LoopSession(config, IceRole.CONTROLLING, events);
        return await(alice.gather(), DEADLINE);
    }

    @Test
    void aHostCandidatePerComponentWithRfc8445PrioritiesOneFoundationAndFreshCredentials() throws Exception {
        LocalIce local = gather(loopback().build());

        assertEquals(List.of("GatheringStarted", "CandidateGathered", "CandidateGathered", "GatheringCompleted"),
                events.names());
        assertEquals(IceState.GATHERED, alice.state());
        IceCandidate rtp = local.candidates().get(0);
        IceCandidate rtcp = local.candidates().get(1);
        // RFC 8445 §5.1.2.1: 2^24 * 126 + 2^8 * 65535 + (256 - component).
        assertEquals((126L << 24) + (65535L << 8) + 255, rtp.priority());
        assertEquals((126L << 24) + (65535L << 8) + 254, rtcp.priority());
        // RFC 8445 §5.1.1.3: same type, same base address: one foundation for both components.
        assertEquals(rtp.foundation(), rtcp.foundation());
        assertEquals("127.0.0.1", rtp.address());
        assertTrue(rtp.port() != rtcp.port());
        assertEquals(rtp.transportAddr(), local.defaults().get(1));
        assertEquals(rtcp.transportAddr(), local.defaults().get(2));
        // RFC 8445 §5.3: at least 24 bits of ufrag, 128 bits of pwd; a new pair per session.
        assertTrue(local.credentials().ufrag().length() >= 4);
        assertTrue(local.credentials().pwd().length() >= 22);
        LoopSession bob = new LoopSession(loopback().build(), IceRole.CONTROLLED, null);
        try {
            LocalIce other = await(bob.gather(), DEADLINE);
            assertTrue(!other.credentials().ufrag().equals(local.credentials().ufrag()));
        } finally {
            bob.close();
        }
    }

    @Test
    void rtcpMuxGathersOneComponent() throws Exception {
        LocalIce local = gather(loopback().rtcpMux(true).build());

        assertEquals(1, local.candidates().size());
        assertEquals(1, local.candidates().get(0).componentId());
    }

    @Test
    void anEmbeddedStunServerBehindAPretendNatGivesAServerReflexiveCandidatePerComponent() throws Exception {
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(new InetSocketAddress(LOOPBACK, 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")))) {
            // A deadline far above the round trip: gathering ends when both answers are in, and a
            // loaded machine must not turn a slow answer into a missing candidate.
            LocalIce local = gather(loopback().addStunServer(new StunServer(stun.address()))
                    .gatheringTimeout(Duration.ofSeconds(5)).build());

            for (int component = 1; component <= 2; component++) {
                int c = component;
                IceCandidate host = only(local, c, CandidateType.HOST);
                IceCandidate srflx = only(local, c, CandidateType.SRFLX);
                assertEquals("127.0.0.2", srflx.address());
                assertEquals(host.port(), srflx.port());
                assertEquals("127.0.0.1", srflx.relatedAddress());
                assertEquals(host.port(), srflx.relatedPort());
                // RFC 8445 §5.1.2.2: type preference 100 for server-reflexive.
                assertEquals((100L << 24) + (65535L << 8) + (256 - c), srflx.priority());
                // RFC 8445 §5.1.4: the server-reflexive candidate is the default.
                assertEquals(srflx.transportAddr(), local.defaults().get(c));
            }
            assertEquals(only(local, 1, CandidateType.SRFLX).foundation(),
                    only(local, 2, CandidateType.SRFLX).foundation());
            assertTrue(!only(local, 1, CandidateType.SRFLX).foundation()
                    .equals(only(local, 1, CandidateType.HOST).foundation()));
            assertEquals(2, stun.answered());
            assertEquals(List.of(), events.ofType(ServerFailed.class));
            assertEquals(List.of("GatheringStarted", "CandidateGathered", "CandidateGathered", "CandidateGathered",
                    "CandidateGathered", "GatheringCompleted"), events.names());
        }
    }

    @Test
    void aStunServerThatSeesTheHostAddressItselfGivesNoCandidateAndNoFailure() throws Exception {
        // RFC 8445 §5.1.3: a server-reflexive candidate equal to its base is redundant.
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(LOOPBACK)) {
            LocalIce local = gather(loopback().addStunServer(new StunServer(stun.address())).build());

            assertEquals(2, stun.answered());
            assertTrue(local.candidates().stream().allMatch(c -> c.type() == CandidateType.HOST), local.toString());
            assertEquals(List.of(), events.ofType(ServerFailed.class));
        }
    }

    @Test
    void aSilentStunServerEndsGatheringAtTheDeadlineWithServerFailed() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            StunServer server = new StunServer((InetSocketAddress) silent.getLocalSocketAddress());
            long t0 = System.nanoTime();
            LocalIce local = gather(loopback().addStunServer(server).gatheringTimeout(Duration.ofMillis(300)).build());
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            assertEquals(2, local.candidates().size());
            assertEquals(List.of("GatheringStarted", "ServerFailed", "CandidateGathered", "CandidateGathered",
                    "GatheringCompleted"), events.names());
            ServerFailed failed = events.ofType(ServerFailed.class).get(0);
            assertEquals("stun:" + server, failed.server());
            assertTrue(failed.reason().contains("deadline of 300 ms"), failed.reason());
            assertTrue(tookMs >= 300 && tookMs < 2000, "gathering took " + tookMs + " ms");
        }
    }

    @Test
    void noBindableAddressFailsGatheringWithAClearError() throws Exception {
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface of this machine.
        alice = new LoopSession(IceConfig.builder().addHostAddress(InetAddress.getByName("192.0.2.1")).build(),
                IceRole.CONTROLLING, events);

        Throwable why = awaitFailure(alice.gather(), DEADLINE);
        assertTrue(why.getMessage().contains("192.0.2.1"), why.getMessage());
        IceEvent.Failed failed = (IceEvent.Failed) events.await(IceEvent.Failed.class, DEADLINE);
        assertTrue(failed.reason().startsWith("gathering failed"), failed.reason());
        assertEquals(IceState.FAILED, alice.state());
    }

    private static IceCandidate only(LocalIce local, int component, CandidateType type) {
        List<IceCandidate> found = local.candidates().stream()
                .filter(x -> x.componentId() == component && x.type() == type).toList();
        assertEquals(1, found.size(), local.candidates().toString() + " " + local.defaults());
        return found.get(0);
    }
}

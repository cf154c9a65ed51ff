package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceEvent.ChecksStarted;
import org.sipice.ice.IceEvent.Completed;
import org.sipice.ice.IceEvent.GatheringCompleted;
import org.sipice.sdp.CandidateType;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Resources;

/**
 * The candidate pool: sessions gathered before the INVITE arrives, handed out in the role SIP
 * decides, with their events replayed; stale ones discarded; nothing left behind on close.
 */
class IceSessionPoolTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final IceConfig LOOPBACK = IceConfig.builder()
            .addHostAddress(InetAddress.getLoopbackAddress()).build();

    private final List<AutoCloseable> owned = new ArrayList<>();

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(0, resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : owned) {
            c.close();
        }
    }

    @Test
    void aWarmPoolHandsOutGatheredSessionsThatConnectInTheRoleAskedFor() throws Exception {
        IceSessionPool pool = own(IceSessionPool.create(LOOPBACK, 2));
        assertTrue(pool.awaitReady(2, DEADLINE), "pool warmed up: " + pool.stats());
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();

        // Both were gathered before anyone knew their role; SIP decides it now.
        IceSession alice = own(pool.take(IceRole.CONTROLLING, aliceEvents));
        IceSession bob = own(pool.take(IceRole.CONTROLLED, bobEvents));

        assertTrue(alice.gather().isDone() && bob.gather().isDone(), "no waiting for gathering");
        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(2, pool.stats().taken());
        assertEquals(0, pool.stats().missed());
        IcePeers.connect(alice, bob, DEADLINE);

        // The taker hears the whole story, gathering included, as from a session of its own.
        aliceEvents.await(Completed.class, DEADLINE);
        List<String> names = aliceEvents.names();
        assertEquals(List.of("GatheringStarted", "CandidateGathered", "CandidateGathered", "GatheringCompleted",
                "ChecksStarted"), names.subList(0, 5), names.toString());
        assertEquals(IceRole.CONTROLLING, aliceEvents.await(ChecksStarted.class, DEADLINE).role());
        assertEquals(IceRole.CONTROLLED, bobEvents.await(ChecksStarted.class, DEADLINE).role());
        assertTrue(alice.selectedPair(1).orElseThrow().nominated(), "the controlling side nominated");
        bobEvents.await(Completed.class, DEADLINE);

        CountDownLatch got = new CountDownLatch(1);
        bob.media().receive((c, data, len, from) -> got.countDown());
        byte[] hello = "hello".getBytes();
        alice.media().send(1, hello, 0, hello.length);
        assertTrue(got.await(5, TimeUnit.SECONDS), "media reached Bob");

        assertTrue(pool.awaitReady(2, DEADLINE), "the pool refilled: " + pool.stats());
    }

    @Test
    void anEmptyPoolGivesAFreshSessionThatGathersAsUsual() throws Exception {
        IceSessionPool pool = own(IceSessionPool.create(LOOPBACK, 0));
        EventRecorder events = new EventRecorder();

        IceSession session = own(pool.take(IceRole.CONTROLLED, events));

        assertEquals(2, await(session.gather(), DEADLINE).candidates().size());
        assertEquals(2, events.await(GatheringCompleted.class, DEADLINE).candidates().size());
        assertEquals(1, pool.stats().missed());
        assertEquals(0, pool.stats().taken());
    }

    @Test
    void aPooledSessionAlreadyHasItsServerReflexiveCandidates() throws Exception {
        EmbeddedStunServer stun = own(EmbeddedStunServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2"))));
        IceConfig config = LOOPBACK.toBuilder().addStunServer(new StunServer(stun.address())).build();
        IceSessionPool pool = own(IceSessionPool.create(config, 1));
        assertTrue(pool.awaitReady(1, DEADLINE));
        EventRecorder events = new EventRecorder();

        IceSession session = own(pool.take(IceRole.CONTROLLED, events));

        LocalIce local = session.gather().getNow(null);
        assertTrue(local != null, "gathered before the take");
        assertEquals(2, local.candidates().stream().filter(c -> c.type() == CandidateType.SRFLX).count());
        assertEquals("127.0.0.2", local.defaults().get(1).address());
        assertEquals(local.candidates(), events.await(GatheringCompleted.class, DEADLINE).candidates());
    }

    @Test
    void aSessionIdleBeyondTheMaxAgeIsDiscardedAndReplaced() throws Exception {
        Eventually.atMost(Resources::udpSockets, 0, DEADLINE, () -> "UDP sockets before the test");
        IceSessionPool pool = own(IceSessionPool.create(LOOPBACK, 1, Duration.ofMillis(300)));
        assertTrue(pool.awaitReady(1, DEADLINE));
        int oneSession = Resources.udpSockets();
        assertTrue(oneSession > 0, "a pooled session holds its sockets");

        Eventually.atLeast(() -> (int) pool.stats().discarded(), 1, DEADLINE, () -> "discarded: " + pool.stats());
        assertTrue(pool.awaitReady(1, DEADLINE), "replaced: " + pool.stats());
        // The discarded session's sockets are gone: one session's worth remains.
        Eventually.atMost(Resources::udpSockets, oneSession, DEADLINE, () -> "UDP sockets after a discard");

        IceSession session = own(pool.take(IceRole.CONTROLLED, null));
        assertEquals(2, await(session.gather(), DEADLINE).candidates().size());
    }

    @Test
    void closeReleasesEveryPooledSessionGatheredOrStillGathering() throws Exception {
        Eventually.atMost(Resources::udpSockets, 0, DEADLINE, () -> "UDP sockets before the test");
        int ownedBefore = Resources.ownedThreads();
        IceSessionPool warm = IceSessionPool.create(LOOPBACK, 3);
        assertTrue(warm.awaitReady(3, DEADLINE));
        assertTrue(Resources.udpSockets() > 0);
        IceSessionPool cold = IceSessionPool.create(LOOPBACK, 3); // closed while gathering

        cold.close();
        warm.close();
        warm.close(); // idempotent

        Eventually.atMost(Resources::udpSockets, 0, DEADLINE, () -> "UDP sockets after close");
        Eventually.atMost(Resources::ownedThreads, ownedBefore, DEADLINE,
                () -> "threads after close: " + Resources.threadNames());
        assertThrows(IllegalStateException.class, () -> warm.take(IceRole.CONTROLLED, null));
        assertFalse(warm.awaitReady(1, Duration.ofMillis(10)));
        assertEquals(0, warm.stats().ready());
    }
}

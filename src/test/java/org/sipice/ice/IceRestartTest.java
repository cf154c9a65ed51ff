package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.RestartCompleted;
import org.sipice.ice.IceEvent.RestartStarted;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.Resources;
import org.sipice.testing.SessionPair;

/**
 * ICE restart between two of our sessions on loopback (RFC 8445 §9): new credentials, fresh
 * candidates, the same roles, and media that never stops while the new generation checks.
 */
class IceRestartTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Media pacing of the talker: 200 packets per second on each component. */
    private static final long PACKET_PERIOD_MS = 5;

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();
    private IceSession alice;
    private IceSession bob;
    private ScheduledExecutorService talker;

    private static IceConfig config() {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).build();
    }

    @AfterEach
    void close() {
        if (talker != null) {
            talker.shutdownNow();
        }
    }

    @Test
    void aRestartKeepsMediaFlowingAndEndsOnANewPairWithNewCredentials() throws Exception {
        alice = peers.alice(config());
        bob = peers.bob(config());
        IcePeers.connect(alice, bob, DEADLINE);
        LocalIce aliceBefore = alice.gather().get();
        LocalIce bobBefore = bob.gather().get();
        CandidatePairInfo pairBefore = alice.selectedPair(1).orElseThrow();
        int socketsInOneGeneration = Resources.udpSockets();

        // Both talk on both components, one numbered packet every 5 ms; each counts what arrives.
        Set<String> atBob = ConcurrentHashMap.newKeySet();
        Set<String> atAlice = ConcurrentHashMap.newKeySet();
        Set<Integer> bobHeardFromPorts = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> {
            atBob.add(new String(data, 0, len));
            bobHeardFromPorts.add(from.getPort());
        });
        alice.media().receive((c, data, len, from) -> atAlice.add(new String(data, 0, len)));
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        talker = Executors.newSingleThreadScheduledExecutor();
        talker.scheduleAtFixedRate(() -> {
            int n = sent.get();
            try {
                for (int c = 1; c <= 2; c++) {
                    byte[] p = ("c" + c + " #" + n).getBytes();
                    alice.media().send(c, p, 0, p.length);
                    bob.media().send(c, p, 0, p.length);
                }
                sent.incrementAndGet();
            } catch (Exception e) {
                sendFailure.compareAndSet(null, e);
            }
        }, 0, PACKET_PERIOD_MS, TimeUnit.MILLISECONDS);
        Eventually.atMost(() -> 20 - atBob.size(), 0, DEADLINE, () -> "media before the restart");

        // The restart offer/answer: both gather a new generation; Bob answers first (SIP order).
        int sentAtRestart = sent.get();
        LocalIce aliceOffer = await(alice.restart(), DEADLINE);
        LocalIce bobAnswer = await(bob.restart(), DEADLINE);
        bob.start(IcePeers.remote(aliceOffer));
        alice.start(IcePeers.remote(bobAnswer));
        RestartCompleted aliceDone = aliceEvents.await(RestartCompleted.class, DEADLINE);
        bobEvents.await(RestartCompleted.class, DEADLINE);
        int sentAtSwitch = sent.get();
        // Make-before-break: the replaced generation still listens for a while after the switch,
        // for what the peer sends before its own switch.
        assertTrue(Resources.udpSockets() > socketsInOneGeneration, "the old generation lingers");

        // Media goes on over the new pair: Bob hears Alice's new port.
        CandidatePairInfo pairAfter = alice.selectedPair(1).orElseThrow();
        Eventually.atMost(() -> bobHeardFromPorts.contains(pairAfter.local().port()) ? 0 : 1, 0, DEADLINE,
                () -> "media from the new pair; Bob heard from " + bobHeardFromPorts);
        talker.shutdown();
        assertTrue(talker.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(null, sendFailure.get(), "a send failed");
        int total = sent.get();
        Eventually.atMost(() -> 2 * total - atBob.size(), 0, Duration.ofSeconds(5),
                () -> "packets missing at Bob of " + 2 * total + " sent");
        Eventually.atMost(() -> 2 * total - atAlice.size(), 0, Duration.ofSeconds(5),
                () -> "packets missing at Alice of " + 2 * total + " sent");
        assertEquals(2 * total, atBob.size(), "every packet Alice sent before, during and after the restart arrived");
        assertEquals(2 * total, atAlice.size(), "every packet Bob sent arrived");
        assertTrue(sentAtSwitch > sentAtRestart, "packets were sent while the restart ran: " + sentAtRestart
                + ".." + sentAtSwitch);

        // RFC 8445 §9: new ufrag AND new pwd on both sides; fresh candidates; roles kept.
        assertNotEquals(aliceBefore.credentials().ufrag(), aliceOffer.credentials().ufrag());
        assertNotEquals(aliceBefore.credentials().pwd(), aliceOffer.credentials().pwd());
        assertNotEquals(bobBefore.credentials().ufrag(), bobAnswer.credentials().ufrag());
        assertNotEquals(bobBefore.credentials().pwd(), bobAnswer.credentials().pwd());
        assertNotEquals(pairBefore.local().port(), pairAfter.local().port());
        assertTrue(aliceOffer.candidates().stream().anyMatch(c -> c.port() == pairAfter.local().port()),
                "the new pair uses a candidate of the new generation");
        assertEquals(List.of(pairAfter, alice.selectedPair(2).orElseThrow()), aliceDone.selectedPairs());
        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(IceRole.CONTROLLED, bob.role());
        assertEquals(IceState.COMPLETED, alice.state());
        assertTrue(alice.completion().isDone() && !alice.completion().isCompletedExceptionally());

        // The events tell the story: restart started, the new generation gathers and checks, done.
        List<String> names = aliceEvents.names();
        List<String> restart = names.subList(names.indexOf("RestartStarted"), names.size());
        assertEquals(List.of("RestartStarted", "GatheringStarted"), restart.subList(0, 2));
        assertTrue(restart.indexOf("GatheringCompleted") < restart.indexOf("ChecksStarted"), restart.toString());
        assertEquals(List.of("PairSelected", "PairSelected", "RestartCompleted"),
                restart.subList(restart.size() - 3, restart.size()));
        assertEquals(1, aliceEvents.ofType(IceEvent.Completed.class).size(), "a restart ends in RestartCompleted");
        assertEquals(1, aliceEvents.ofType(RestartStarted.class).get(0).generation());
        assertEquals(IceRole.CONTROLLING, aliceEvents.ofType(IceEvent.ChecksStarted.class).get(1).role());

        // The old generation's sockets are released once the replaced generation stops lingering.
        Eventually.atMost(Resources::udpSockets, socketsInOneGeneration, DEADLINE,
                () -> "UDP sockets after the old generation was released");
    }

    @Test
    void aSessionWhoseChecksFailedComesBackWithARestart() throws Exception {
        IceConfig quick = config().toBuilder().checksTimeout(Duration.ofSeconds(2)).build();
        alice = peers.alice(quick);
        bob = peers.bob(quick);
        await(alice.gather(), DEADLINE);
        LocalIce bobAnswer = await(bob.gather(), DEADLINE);
        // Alice got a description with the wrong password: every check is rejected.
        alice.start(new RemoteIce(new org.sipice.sdp.IceCredentials(bobAnswer.credentials().ufrag(),
                "wrongpasswordwrongpassword"), bobAnswer.candidates(), false, java.util.OptionalInt.empty(), List.of("ice2")));
        aliceEvents.await(IceEvent.Failed.class, DEADLINE);
        assertEquals(IceState.FAILED, alice.state());

        LocalIce aliceOffer = await(alice.restart(), DEADLINE);
        LocalIce bobRestarted = await(bob.restart(), DEADLINE);
        bob.start(IcePeers.remote(aliceOffer));
        alice.start(IcePeers.remote(bobRestarted));
        aliceEvents.await(RestartCompleted.class, DEADLINE);
        bobEvents.await(RestartCompleted.class, DEADLINE);

        assertEquals(IceState.COMPLETED, alice.state());
        await(alice.completion(), DEADLINE);
        Set<String> atBob = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> atBob.add(new String(data, 0, len)));
        byte[] hello = "hello after restart".getBytes();
        alice.media().send(1, hello, 0, hello.length);
        Eventually.atMost(() -> atBob.contains("hello after restart") ? 0 : 1, 0, DEADLINE, () -> "media");
    }

    @Test
    void aNewerRestartReplacesAnUnfinishedOne() throws Exception {
        alice = peers.alice(config());
        bob = peers.bob(config());
        IcePeers.connect(alice, bob, DEADLINE);

        // Alice's first restart offer is never answered (say, the re-INVITE got a 491); she offers again.
        LocalIce abandoned = await(alice.restart(), DEADLINE);
        LocalIce aliceOffer = await(alice.restart(), DEADLINE);
        LocalIce bobAnswer = await(bob.restart(), DEADLINE);
        bob.start(IcePeers.remote(aliceOffer));
        alice.start(IcePeers.remote(bobAnswer));

        RestartCompleted done = aliceEvents.await(RestartCompleted.class, DEADLINE);
        assertEquals(2, done.generation());
        IceEvent.RestartFailed replaced = aliceEvents.ofType(IceEvent.RestartFailed.class).get(0);
        assertEquals(1, replaced.generation());
        List<String> names = aliceEvents.names();
        assertTrue(names.indexOf("RestartFailed") < names.lastIndexOf("RestartStarted"), names.toString());
        assertNotEquals(abandoned.credentials().ufrag(), aliceOffer.credentials().ufrag());
        assertTrue(aliceOffer.candidates().stream()
                .anyMatch(c -> c.port() == alice.selectedPair(1).orElseThrow().local().port()));
    }

    @Test
    void aSessionTakenFromThePoolRestartsLikeAFreshOne() throws Exception {
        try (IceSessionPool pool = IceSessionPool.create(config(), 1)) {
            assertTrue(pool.awaitReady(1, DEADLINE));
            alice = pool.take(IceRole.CONTROLLING, aliceEvents);
            bob = peers.bob(config());
            IcePeers.connect(alice, bob, DEADLINE);
            assertEquals(1, pool.stats().taken());

            LocalIce aliceOffer = await(alice.restart(), DEADLINE);
            LocalIce bobAnswer = await(bob.restart(), DEADLINE);
            bob.start(IcePeers.remote(aliceOffer));
            alice.start(IcePeers.remote(bobAnswer));

            aliceEvents.await(RestartCompleted.class, DEADLINE);
            assertEquals("GatheringStarted", aliceEvents.names().get(0), "the pooled gathering was replayed");
            assertTrue(aliceOffer.candidates().stream()
                    .anyMatch(c -> c.port() == alice.selectedPair(1).orElseThrow().local().port()));
        }
    }

    @Test
    void restartBeforeGatheringIsRefusedAndAfterCloseToo() throws Exception {
        alice = peers.alice(config());
        assertTrue(alice.restart().isCompletedExceptionally(), "nothing to restart yet");
        await(alice.gather(), DEADLINE);
        alice.close();
        assertTrue(alice.restart().isCompletedExceptionally(), "closed");
        aliceEvents.await(IceEvent.Closed.class, DEADLINE);
        assertEquals(1, aliceEvents.ofType(IceEvent.Closed.class).size());
    }
}

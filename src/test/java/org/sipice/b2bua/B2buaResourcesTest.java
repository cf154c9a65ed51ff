package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.b2bua.B2buaEvent.Leg;
import org.sipice.ice.IceSessionPool;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.WorkerPool;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.SipEndpoint;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.CallResources;
import org.sipice.testing.Coturn;
import org.sipice.testing.Eventually;
import org.sipice.testing.RelayedMedia;
import org.sipice.testing.TestUserAgent;

/**
 * What the B2BUA holds per call and must give back: TURN allocations of relayed legs, sessions
 * taken from a pool, a callee's refusal passed on to the caller.
 */
class B2buaResourcesTest {
    private static final Duration DEADLINE = B2buaLadderTest.DEADLINE;
    /** Bridged calls hung up at once: 120 ICE sessions, far more than the pool's threads. */
    private static final int MASS_HANGUP_CALLS = 30;

    private final CallRecorder aliceEvents = new CallRecorder(false);
    private final B2buaRecorder b2buaEvents = new B2buaRecorder();
    private TestUserAgent alice;
    private TestUserAgent bob;
    private SipEndpoint b2buaSip;
    private B2bua b2bua;
    private IceSessionPool pool;
    private Coturn coturn;

    private void start(CallListener bobsPhone, CallConfig b2buaLegs, IceSessionPool legsPool) throws Exception {
        alice = TestUserAgent.start("alice", aliceEvents);
        bob = TestUserAgent.start("bob", bobsPhone);
        b2buaSip = TestUserAgent.startEndpoint("b2bua");
        String bobUri = bob.uri();
        b2bua = B2bua.builder(b2buaSip.provider(), invite -> Optional.of(bobUri)).callConfig(b2buaLegs)
                .pool(legsPool).listener(b2buaEvents).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (b2bua != null) {
            b2bua.close();
        }
        if (pool != null) {
            pool.close();
        }
        CompletableFuture.allOf(Stream.<AutoCloseable>of(alice, bob, b2buaSip).filter(java.util.Objects::nonNull)
                .map(c -> CompletableFuture.runAsync(() -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toArray(CompletableFuture[]::new)).join();
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void relayedLegsCarryMediaAndDeleteTheirTurnAllocations() throws Exception {
        coturn = Coturn.start();
        CallConfig loopback = SipProfile.load("loopback-demo").callConfig();
        // The B2BUA offers and answers relayed candidates only: each leg holds its own allocations.
        CallConfig relayed = loopback.toBuilder().ice(loopback.ice().toBuilder().addTurnServer(coturn.turnServer())
                .relayOnly(true).build()).build();
        CallRecorder bobEvents = new CallRecorder(true);
        start(bobEvents, relayed, null);
        CallResources resources = CallResources.baseline();
        int allocationsBefore = coturn.liveAllocations();

        Call a = alice.ua().call(b2buaSip.uri("bob"));
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());
        b2buaEvents.await(B2buaEvent.Bridged.class, DEADLINE);
        assertTrue(a.selectedPair(1).orElseThrow().typeSummary().endsWith("relay/udp"),
                "Alice's pair ends at the B2BUA's relayed candidate: " + a.selectedPair(1));
        assertTrue(b.selectedPair(1).orElseThrow().typeSummary().endsWith("relay/udp"),
                "Bob's too: " + b.selectedPair(1));
        assertEquals(allocationsBefore + 4, coturn.liveAllocations(), "RTP and RTCP allocations on each leg");
        RelayedMedia.between(a, b).exchange(0, 20);

        a.hangup();
        await(b.ended());
        b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
        Eventually.atMost(coturn::liveAllocations, allocationsBefore, Duration.ofSeconds(10), () -> "allocations");
        Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size(), 0, DEADLINE,
                () -> "bridges");
        resources.assertReleased();
    }

    @Test
    void bothLegsTakeTheirSessionsFromThePool() throws Exception {
        CallConfig loopback = SipProfile.load("loopback-demo").callConfig();
        pool = IceSessionPool.create(loopback.ice(), 2);
        assertTrue(pool.awaitReady(2, DEADLINE), pool.stats().toString());
        CallRecorder bobEvents = new CallRecorder(true);
        start(bobEvents, loopback, pool);

        Call a = alice.ua().call(b2buaSip.uri("bob"));
        await(a.established());
        Call b = bobEvents.awaitIncoming(DEADLINE);
        await(b.established());
        assertEquals(2, pool.stats().taken(), "one pooled session per leg: " + pool.stats());
        RelayedMedia.between(a, b).exchange(0, 10);
        a.hangup();
        await(b.ended());
        Eventually.atMost(() -> b2bua.activeBridges(), 0, DEADLINE, () -> "bridges");
    }

    @Test
    void bobIsBusySoAliceGets486AndNoMediaWasRelayed() throws Exception {
        start(new CallListener() {
            @Override
            public void incomingCall(Call call) {
                call.reject(486, "Busy Here");
            }
        }, SipProfile.load("loopback-demo").callConfig(), null);
        CallResources resources = CallResources.baseline();

        Call a = alice.ua().call(b2buaSip.uri("bob"));
        CallEvent.Ended end = await(a.ended());
        assertEquals("486 Busy Here", end.reason());
        B2buaEvent.TornDown down = b2buaEvents.await(B2buaEvent.TornDown.class, DEADLINE);
        assertEquals(Leg.OUTGOING, down.cause());
        assertEquals(B2buaEvent.RelayCounts.NONE, down.relayed());
        assertEquals(List.of("-> INVITE +SDP", "<- 486 Busy Here (INVITE)"),
                B2buaLadderTest.concat(b2buaEvents.ladder(Leg.OUTGOING).subList(0, 1),
                        b2buaEvents.ladder(Leg.OUTGOING).get(b2buaEvents.ladder(Leg.OUTGOING).size() - 1)));
        Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size(), 0, DEADLINE,
                () -> "bridges");
        resources.assertReleased();
    }

    /**
     * Alice hangs up many bridged calls at once: every leg ends and gives its sockets back, while
     * sipice's shared worker pool queues the closing work instead of starting a thread per
     * closing call (it used to reach one per ICE session, 1,701 threads for 2,245 calls).
     */
    @Test
    void aMassHangUpEndsEveryLegWithinTheWorkerPoolsBound() throws Exception {
        CallRecorder bobEvents = new CallRecorder(true);
        start(bobEvents, SipProfile.load("loopback-demo").callConfig(), null);
        CallResources resources = CallResources.baseline();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < MASS_HANGUP_CALLS; i++) {
            calls.add(alice.ua().call(b2buaSip.uri("bob")));
        }
        for (Call a : calls) {
            await(a.established(), DEADLINE);
        }
        Eventually.atMost(() -> MASS_HANGUP_CALLS - b2bua.activeBridges(), 0, DEADLINE, () -> "bridged calls");

        calls.forEach(Call::hangup);
        for (Call a : calls) {
            await(a.ended(), DEADLINE);
        }
        Eventually.atMost(() -> b2bua.activeBridges() + b2bua.userAgent().calls().size() + bob.ua().calls().size(),
                0, DEADLINE, () -> "legs still up");
        resources.assertReleased();
        WorkerPool workers = Executors.workerPool();
        assertTrue(workers.mostThreads() <= Executors.WORKER_THREADS, workers + " had " + workers.mostThreads()
                + " threads at once, over its bound " + Executors.WORKER_THREADS);
    }
}

package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.EventRecorder;

/** What a session holds and gives back: ports and threads. */
class LoopSessionResourcesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IceConfig CONFIG = IceConfig.builder().addHostAddress(LOOPBACK).build();

    @Test
    void theEngineIsLoadedOffTheLoopsWithoutErrorSocketOrThread() {
        // It ran with the first session of this JVM (or runs now): an agent and a TURN client on
        // ports that drop everything and timers that never fire.
        assertTrue(EngineWarmup.ensure(), "see the debug log of EngineWarmup");
    }

    @Test
    void closeReleasesEveryPortBeforeItReturnsAndReportsClosedLastOnce() throws Exception {
        EventRecorder events = new EventRecorder();
        LoopSession alice = new LoopSession(CONFIG, IceRole.CONTROLLING, events);
        LocalIce local = await(alice.gather(), DEADLINE);
        assertEquals(2, alice.openHostPorts());

        alice.close();
        alice.close();

        assertEquals(0, alice.openHostPorts());
        assertEquals(IceState.CLOSED, alice.state());
        // The operating system has the ports back: each can be bound again at once.
        for (IceCandidate c : local.candidates()) {
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(LOOPBACK, c.port()))) {
                assertEquals(c.port(), again.getLocalPort());
            }
        }
        events.await(IceEvent.Closed.class, DEADLINE);
        List<String> names = events.names();
        assertEquals("Closed", names.get(names.size() - 1));
        assertEquals(1, events.ofType(IceEvent.Closed.class).size());
        assertTrue(alice.completion().isCompletedExceptionally());
    }

    @Test
    void closeWhileGatheringReleasesThePortsAndFailsTheGathering() throws Exception {
        EventRecorder events = new EventRecorder();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            IceConfig slow = CONFIG.toBuilder().addStunServer(
                    new org.sipice.ice.StunServer((InetSocketAddress) silent.getLocalSocketAddress())).build();
            LoopSession alice = new LoopSession(slow, IceRole.CONTROLLING, events);
            CompletableFuture<LocalIce> gathering = alice.gather();

            alice.close();

            assertEquals(0, alice.openHostPorts());
            events.await(IceEvent.Closed.class, DEADLINE);
            assertTrue(gathering.isCompletedExceptionally());
            assertTrue(events.ofType(IceEvent.GatheringCompleted.class).isEmpty(), events.names().toString());
        }
    }

    @Test
    void aThousandSessionsGatheredAtOnceAddNoThreadAndGiveEveryPortBack() throws Exception {
        // The loops and the event threads start on first use: one session first.
        LoopSession warm = new LoopSession(CONFIG, IceRole.CONTROLLING, null);
        await(warm.gather(), DEADLINE);
        warm.close();
        Set<String> before = threadNames();

        List<LoopSession> sessions = new ArrayList<>();
        List<CompletableFuture<LocalIce>> gathered = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                LoopSession s = new LoopSession(CONFIG, i % 2 == 0 ? IceRole.CONTROLLING : IceRole.CONTROLLED, null);
                sessions.add(s);
                gathered.add(s.gather());
            }
            await(CompletableFuture.allOf(gathered.toArray(CompletableFuture[]::new))
                    , DEADLINE);

            Set<String> added = threadNames();
            added.removeAll(before);
            assertEquals(Set.of(), added, "1,000 sessions (2,000 ports) cost no thread");
            int open = sessions.stream().mapToInt(LoopSession::openHostPorts).sum();
            assertEquals(2000, open);
        } finally {
            sessions.forEach(LoopSession::close);
        }
        assertEquals(0, sessions.stream().mapToInt(LoopSession::openHostPorts).sum());
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        // JUnit's own ForkJoinPool compensates blocked test threads with new workers: not ours.
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool")).forEach(names::add);
        return names;
    }
}

package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.UdpPorts;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.Eventually;

/** Two agents on real loopback sockets and the shared event loops: the same ladder off fake time. */
class AgentLoopbackTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final IceLoop loops = IceLoop.shared();
    private final LoopScheduler aliceLoop = (LoopScheduler) loops.scheduler();
    private final LoopScheduler bobLoop = (LoopScheduler) loops.scheduler();
    private AgentPeer alice;
    private AgentPeer bob;

    @AfterEach
    void close() throws Exception {
        for (AgentPeer peer : List.of(alice, bob)) {
            LoopScheduler loop = peer == alice ? aliceLoop : bobLoop;
            on(loop, () -> {
                peer.agent.close();
                peer.candidates.forEach(c -> c.port().close());
                return null;
            });
        }
    }

    @Test
    void twoAgentsCompleteOnLoopbackAndCarryMedia() throws Exception {
        alice = on(aliceLoop, () -> AgentPeer.create("alice", aliceLoop, IceRole.CONTROLLING, NominationMode.REGULAR, 2));
        bob = on(bobLoop, () -> AgentPeer.create("bob", bobLoop, IceRole.CONTROLLED, NominationMode.REGULAR, 1));
        DatagramPort alicePort = bind(aliceLoop, alice);
        DatagramPort bobPort = bind(bobLoop, bob);
        on(aliceLoop, () -> alice.addCandidate(alicePort, CandidateType.HOST, 1, 65535));
        on(bobLoop, () -> bob.addCandidate(bobPort, CandidateType.HOST, 1, 65535));

        on(bobLoop, () -> {
            bob.agent.start(alice.asRemote());
            return null;
        });
        on(aliceLoop, () -> {
            alice.agent.start(bob.asRemote());
            return null;
        });
        Eventually.atLeast(() -> alice.completed() && bob.completed() ? 1 : 0, 1, DEADLINE, () -> alice.events + " / " + bob.events);

        // Bob's first check may reach Alice before her own start: PeerCheckReceived comes first then.
        List<String> ladder = alice.eventNames();
        assertEquals(List.of("PairValidated", "PairNominated", "PairSelected", "Completed"),
                ladder.subList(ladder.size() - 4, ladder.size()), ladder::toString);
        assertEquals(java.util.Set.of("ChecksStarted", "NominationModeChosen", "PeerCheckReceived"),
                java.util.Set.copyOf(ladder.subList(0, 3)));
        assertEquals(bobPort.localAddress().getPort(), on(aliceLoop, () -> alice.agent.selectedPair(1)).orElseThrow()
                .remote().port());
        on(aliceLoop, () -> {
            alice.agent.send(1, "over real UDP".getBytes(StandardCharsets.UTF_8), 0, 13);
            return null;
        });
        Eventually.atLeast(bob.media::size, 1, DEADLINE, () -> "media at Bob");
        assertEquals(List.of("over real UDP"), bob.media);
    }

    private DatagramPort bind(LoopScheduler loop, AgentPeer peer) throws Exception {
        return await(UdpPorts.bind(loops, loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), peer::onPacket)
                , DEADLINE);
    }

    /** Runs {@code task} on the loop (the agent's thread) and waits for its result. */
    private static <T> T on(LoopScheduler loop, ThrowingSupplier<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return await(result, DEADLINE);
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}

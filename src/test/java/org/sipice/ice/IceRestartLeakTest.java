package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.LeakCheck;

/**
 * Restarts give back what the replaced generations held: 5 calls, each restarted twice (one
 * restart left to linger at close), carrying media after every restart, leave no socket and
 * no thread behind.
 */
class IceRestartLeakTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    @Test
    void restartedSessionsLeaveNoSocketAndNoThreadBehind() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).build();
        LeakCheck.leavesNothingBehind(5, () -> runCall(config));
    }

    /** Connects, restarts twice with a packet after each restart, closes while the last replaced one lingers. */
    private static void runCall(IceConfig config) throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        IceSession alice = IceSession.create(config, IceRole.CONTROLLING, aliceEvents);
        IceSession bob = IceSession.create(config, IceRole.CONTROLLED, bobEvents);
        try {
            IcePeers.connect(alice, bob, DEADLINE);
            AtomicReference<CountDownLatch> got = new AtomicReference<>(new CountDownLatch(1));
            bob.media().receive((c, data, len, from) -> got.get().countDown());
            for (int restart = 1; restart <= 2; restart++) {
                LocalIce offer = await(alice.restart(), DEADLINE);
                LocalIce answer = await(bob.restart(), DEADLINE);
                bob.start(IcePeers.remote(offer));
                alice.start(IcePeers.remote(answer));
                int n = restart;
                aliceEvents.await(e -> e instanceof IceEvent.RestartCompleted r && r.generation() == n, DEADLINE,
                        "restart " + n + " at Alice");
                bobEvents.await(e -> e instanceof IceEvent.RestartCompleted r && r.generation() == n, DEADLINE,
                        "restart " + n + " at Bob");
                got.set(new CountDownLatch(1));
                byte[] hello = ("after restart " + n).getBytes();
                alice.media().send(1, hello, 0, hello.length);
                assertTrue(got.get().await(5, TimeUnit.SECONDS), "media after restart " + n);
            }
        } finally {
            alice.close();
            bob.close();
        }
    }
}

package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.testing.Eventually;

/**
 * Every shared event loop gets its first socket, send and read before any session is pinned to
 * it, and gives the socket back: a loop's first use otherwise stalled it for 100-500 ms under
 * load, and a callee's gathering on it missed the early answer in 100 Trying (B2buaLadderTest).
 */
class LoopWarmupTest {

    @Test
    void eachLoopSendsAndReadsItsOwnDatagramsThenClosesItsPort() throws InterruptedException {
        IceLoop loops = IceLoop.shared();
        loops.everyLoop().forEach(l -> { }); // the loops are up before the baseline
        int fdsBefore = openFds();

        // The bound is the test's, not the product's 2 s: what is asserted is that each loop sends
        // and reads its own datagrams and gives its port back, whatever the machine's load.
        assertEquals(IceLoop.THREADS, LoopWarmup.run(loops, Duration.ofSeconds(30)));
        assertEquals(IceLoop.THREADS, loops.everyLoop().size());
        Eventually.atMost(LoopWarmupTest::openFds, fdsBefore, Duration.ofSeconds(2),
                () -> "file descriptors after the warm-up (before: " + fdsBefore + ")");
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}

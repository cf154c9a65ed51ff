package org.sipice.testing;

import java.time.Duration;

/**
 * "Leaves the process as it found it": runs some work once to bring the process-wide event
 * loops, pools and timers into being, takes the baseline, runs it {@code times} more, and asserts
 * that every UDP socket and thread is given back (sipice's own at once, the shared worker pool's
 * idle ones after {@code Executors.IDLE_SECONDS}, 2 s).
 */
public final class LeakCheck {
    private static final Duration RELEASE = Duration.ofSeconds(10);

    /** One run of the work under test: sessions or calls opened, used and closed. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private LeakCheck() {
    }

    public static void leavesNothingBehind(int times, Work work) throws Exception {
        work.run();
        Eventually.atMost(Resources::udpSockets, 0, RELEASE, () -> "UDP sockets after warm-up");
        int baselineThreads = Resources.threadNames().size();
        int ownedBefore = Resources.ownedThreads();

        for (int i = 0; i < times; i++) {
            work.run();
        }

        Eventually.atMost(Resources::udpSockets, 0, RELEASE, () -> "UDP sockets");
        Eventually.atMost(Resources::ownedThreads, ownedBefore, RELEASE, () -> "threads: " + Resources.threadNames());
        Eventually.atMost(() -> Resources.threadNames().size(), baselineThreads, RELEASE,
                () -> "threads: " + Resources.threadNames());
    }
}

package org.sipice.b2bua;

import java.time.Duration;
import org.sipice.testing.Eventually;
import org.sipice.testing.Resources;

/** What every call must give back once it ended: UDP sockets and per-socket threads. */
final class LegResources {
    private static final Duration RELEASE = Duration.ofSeconds(10); // a replaced ICE generation lingers 2 s
    private final int sockets;
    private final int threads;

    private LegResources(int sockets, int threads) {
        this.sockets = sockets;
        this.threads = threads;
    }

    /** Taken with the user agents up and no call. */
    static LegResources baseline() {
        return new LegResources(Resources.udpSockets(), socketThreads());
    }

    void assertReleased() throws InterruptedException {
        Eventually.atMost(Resources::udpSockets, sockets, RELEASE, () -> "UDP sockets");
        Eventually.atMost(LegResources::socketThreads, threads, RELEASE,
                () -> "per-socket threads: " + Resources.threadNames());
    }

    /** Threads that exist per candidate socket (media readers, ice4j's socket threads). */
    static int socketThreads() {
        return (int) Resources.threadNames().stream().filter(n -> n.startsWith("IceConnector")
                || n.startsWith("MergingDatagramSocket") || n.startsWith("sipice-media") || n.startsWith("Thread-"))
                .count();
    }
}

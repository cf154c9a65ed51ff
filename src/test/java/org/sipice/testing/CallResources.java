package org.sipice.testing;

import java.time.Duration;

/** What every call must give back once it ended: UDP sockets and per-socket threads. */
public final class CallResources {
    private static final Duration RELEASE = Duration.ofSeconds(10); // a replaced ICE generation lingers 2 s
    private final int sockets;
    private final int threads;

    private CallResources(int sockets, int threads) {
        this.sockets = sockets;
        this.threads = threads;
    }

    /** Taken with the user agents up and no call. */
    public static CallResources baseline() {
        return new CallResources(Resources.udpSockets(), socketThreads());
    }

    public void assertReleased() throws InterruptedException {
        Eventually.atMost(Resources::udpSockets, sockets, RELEASE, () -> "UDP sockets");
        Eventually.atMost(CallResources::socketThreads, threads, RELEASE,
                () -> "per-socket threads: " + Resources.threadNames());
    }

    /** Threads that exist per candidate socket (media readers, ice4j's socket threads). */
    public static int socketThreads() {
        return (int) Resources.threadNames().stream().filter(n -> n.startsWith("IceConnector")
                || n.startsWith("MergingDatagramSocket") || n.startsWith("sipice-media") || n.startsWith("Thread-"))
                .count();
    }
}

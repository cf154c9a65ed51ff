package org.sipice.testing;

import java.time.Duration;

/** What every call must give back once it ended: UDP sockets and threads ({@link Resources#ownedThreads}). */
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
        return new CallResources(Resources.udpSockets(), Resources.ownedThreads());
    }

    public void assertReleased() throws InterruptedException {
        Eventually.atMost(Resources::udpSockets, sockets, RELEASE, () -> "UDP sockets");
        Eventually.atMost(Resources::ownedThreads, threads, RELEASE,
                () -> "threads: " + Resources.threadNames());
    }
}

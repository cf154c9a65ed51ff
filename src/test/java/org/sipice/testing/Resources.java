package org.sipice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Counts what a leak check needs: live threads and this process's UDP and TCP sockets. */
public final class Resources {
    private Resources() {
    }

    /** Names of the live threads. */
    public static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .sorted().collect(Collectors.toList());
    }

    /**
     * sipice's own threads other than its process-wide pools (the engine's event loops and event
     * threads {@code sipice-ice-*}, the shared worker pool and timer), plus unnamed
     * {@code Thread-N} ones: plain-RTP readers, embedded STUN responders, anything a call or a
     * session would start for itself. Sessions and sockets own no thread on the engine
     * (docs/ENGINE.md, "Threads and time"); one that outlives what made it is a leak. JAIN-SIP's
     * and the JDK's threads are theirs and not counted.
     */
    public static int ownedThreads() {
        return (int) threadNames().stream()
                .filter(n -> (n.startsWith("sipice-") || n.startsWith("Thread-"))
                        && SHARED.stream().noneMatch(n::startsWith))
                .count();
    }

    private static final List<String> SHARED = List.of("sipice-ice-", "sipice-worker", "sipice-timer");

    /** UDP sockets (v4 and v6) bound by this process, from /proc. */
    public static int udpSockets() {
        return sockets("/proc/self/net/udp", "/proc/self/net/udp6");
    }

    /** TCP sockets (v4 and v6, listening or connected) of this process, from /proc. */
    public static int tcpSockets() {
        return sockets("/proc/self/net/tcp", "/proc/self/net/tcp6");
    }

    private static int sockets(String... tables) {
        Set<String> inodes = new HashSet<>();
        for (String table : tables) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && !f[0].startsWith("sl")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException e) {
                // table absent (no IPv6): nothing to count
            }
        }
        int count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        String inode = target.substring(8, target.length() - 1);
                        if (inodes.contains(inode)) {
                            count++;
                        }
                    }
                } catch (IOException e) {
                    // fd closed while listing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return count;
    }
}

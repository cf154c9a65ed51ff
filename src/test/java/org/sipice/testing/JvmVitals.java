package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a leak check reads from another JVM on this machine (a {@link SipiceProcess}), by pid:
 * its open file descriptors and sockets ({@code /proc/PID/fd}), its threads by name and the live
 * instances of a class after a full GC ({@code jcmd PID GC.run}, {@code GC.class_histogram}).
 */
public final class JvmVitals {
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private final long pid;

    private JvmVitals(long pid) {
        this.pid = pid;
    }

    public static JvmVitals of(long pid) {
        return new JvmVitals(pid);
    }

    /** Open file descriptors of every kind. */
    public int fds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    /** Open socket descriptors (UDP media and SIP, the JVM's own). */
    public int sockets() {
        int count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    count += Files.readSymbolicLink(fd).toString().startsWith("socket:[") ? 1 : 0;
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
        return count;
    }

    /** A full garbage collection: whatever is still counted afterwards is held, not garbage. */
    public void forceGc() {
        jcmd("GC.run");
    }

    /** The names of the live Java threads. */
    public List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (String line : jcmd("Thread.print").split("\n")) {
            if (line.startsWith("\"")) {
                names.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        return names;
    }

    /** Live instances of exactly {@code className} (after {@link #forceGc()}: reachable ones). */
    public long instances(String className) {
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder(JCMD.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a leak check reads from another JVM on this machine (a {@link SipiceProcess}), by pid:
 * its open file descriptors and sockets ({@code /proc/PID/fd}; read without a collection, so
 * sockets that only the garbage collector would close count as open), its threads
 * ({@code /proc/PID/status}, by name from {@code jcmd Thread.print}), and its live heap and the
 * live instances of a class ({@code jcmd GC.class_histogram}, which runs a full collection first
 * and counts only reachable objects; {@code GC.heap_info} after {@code GC.run} would also count
 * what the process allocated in between).
 */
public final class JvmVitals {
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private final long pid;

    /** Threads, fds and live heap at one moment, for soak figures. */
    public record Sample(int threads, int fds, long heapKb) {
        @Override
        public String toString() {
            return "threads=" + threads + " fds=" + fds + " live_heap=" + String.format("%.1f", heapKb / 1024.0) + "MB";
        }
    }

    private JvmVitals(long pid) {
        this.pid = pid;
    }

    public static JvmVitals of(long pid) {
        return new JvmVitals(pid);
    }

    /** Threads and fds as they are, then the live heap (after the full collection it runs). */
    public Sample sample() {
        int threads = threads();
        int fds = fds();
        return new Sample(threads, fds, liveHeapKb());
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

    /** Live threads of every kind (the JVM's own included), from {@code /proc/PID/status}. */
    public int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).strip());
                }
            }
            throw new IllegalStateException("no Threads: line for pid " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
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

    /** Live instances of exactly {@code className} (reachable ones: the histogram collects first). */
    public long instances(String className) {
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }

    /** Reachable Java objects, in KB, after the full collection {@code GC.class_histogram} runs. */
    public int liveHeapKb() {
        return (int) (liveBytes(jcmd("GC.class_histogram")) / 1024);
    }

    /** The first {@code n} lines of the class histogram (live objects, largest first), for a diagnosis. */
    public String topClasses(int n) {
        String[] lines = jcmd("GC.class_histogram").split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, 0, Math.min(lines.length, n + 3)));
    }

    /** The "Total" bytes of a class histogram: every reachable object. */
    static long liveBytes(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in:\n" + histogram);
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder(JCMD.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

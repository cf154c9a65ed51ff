package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a long-running JVM holds, read from outside it: live threads ({@code Threads:} of
 * {@code /proc/PID/status}), open file descriptors ({@code /proc/PID/fd}; every socket is one)
 * and the live Java heap: the total of {@code jcmd PID GC.class_histogram}, which runs a full
 * collection first and counts only reachable objects ({@code GC.heap_info} after
 * {@code GC.run} would also count what the process allocated in between). The descriptors are
 * read before the collection, so sockets that only the garbage collector would close count as
 * open.
 */
public record ProcessVitals(int threads, int fds, long heapKb) {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /** Samples process {@code pid}: threads and fds as they are, heap after a forced full GC. */
    public static ProcessVitals of(long pid) throws IOException, InterruptedException {
        int threads = threads(pid);
        int fds = fds(pid);
        return new ProcessVitals(threads, fds, liveHeapKb(pid));
    }

    /** Reachable Java objects, in KB, after the full collection {@code GC.class_histogram} runs. */
    public static int liveHeapKb(long pid) {
        try {
            return (int) (liveBytes(jcmd(pid, "GC.class_histogram")) / 1024);
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + pid + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).strip());
                }
            }
            throw new IllegalStateException("no Threads: line for pid " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    public static int fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone", e);
        }
    }

    /** The "Total" bytes of a class histogram: every reachable object. */
    static long liveBytes(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in:\n" + histogram);
        }
        return Long.parseLong(m.group(1));
    }

    /** The first {@code n} lines of the class histogram (live objects, largest first), for a diagnosis. */
    public static String topClasses(long pid, int n) throws IOException, InterruptedException {
        String[] lines = jcmd(pid, "GC.class_histogram").split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, 0, Math.min(lines.length, n + 3)));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command)).redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "threads=" + threads + " fds=" + fds + " live_heap=" + String.format("%.1f", heapKb / 1024.0) + "MB";
    }
}

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
 * and the Java heap in use after a full collection ({@code jcmd PID GC.run}, then
 * {@code GC.heap_info}). The descriptors are read before the collection, so sockets that only
 * the garbage collector would close count as open.
 */
public record ProcessVitals(int threads, int fds, long heapKb) {
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** Samples process {@code pid}: threads and fds as they are, heap after a forced full GC. */
    public static ProcessVitals of(long pid) throws IOException, InterruptedException {
        int threads = threads(pid);
        int fds = fds(pid);
        jcmd(pid, "GC.run");
        return new ProcessVitals(threads, fds, heapUsedKb(jcmd(pid, "GC.heap_info")));
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

    /** The sum of "used" over the heap's generations or regions (Metaspace is not heap). */
    static long heapUsedKb(String heapInfo) {
        long used = 0;
        for (String line : heapInfo.split("\n")) {
            Matcher m = HEAP_USED.matcher(line);
            if (m.find() && (line.contains("generation") || line.contains("heap"))) {
                used += Long.parseLong(m.group(1));
            }
        }
        if (used == 0) {
            throw new IllegalStateException("no heap figures in:\n" + heapInfo);
        }
        return used;
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
        return "threads=" + threads + " fds=" + fds + " heap_after_gc=" + (heapKb / 1024) + "MB";
    }
}

package org.sipice.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a benchmark reads from its own JVM: threads and open file descriptors (as
 * {@link JvmVitals} reads them), live heap after a full collection, process CPU time ({@code com.sun.management.OperatingSystemMXBean}) and the machine's load
 * average, which says how much of the shared CPU the figures had.
 */
public final class SelfVitals {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final JvmVitals SELF = JvmVitals.of(ProcessHandle.current().pid());

    private SelfVitals() {
    }

    /** Live threads of every kind (the JVM's own included), from {@code /proc/PID/status}. */
    public static int threads() {
        return SELF.threads();
    }

    /** Open file descriptors of every kind. */
    public static int fds() {
        return SELF.fds();
    }

    /** The process's file descriptor limit (RLIMIT_NOFILE). */
    public static long maxFds() {
        return ((com.sun.management.UnixOperatingSystemMXBean) OS).getMaxFileDescriptorCount();
    }

    /** Heap in use after two full collections (G1 runs {@link System#gc()} as a full, stop-the-world one). */
    public static long liveHeapBytes() {
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** CPU time of the whole process, every thread, in nanoseconds. */
    public static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** The 1-minute load average of the machine (other processes included). */
    public static double loadAverage() {
        return OS.getSystemLoadAverage();
    }

    /** Live Java threads by name with digits removed ("Thread-12" and "Thread-3" are "Thread-#"), largest first. */
    public static String threadGroups(int top) {
        Map<String, Long> byName = new TreeMap<>(Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), Collectors.counting())));
        return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}

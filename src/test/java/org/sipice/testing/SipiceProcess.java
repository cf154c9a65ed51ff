package org.sipice.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sipice} command line run as a child process, optionally inside a {@link NetNs}
 * (a JVM cannot switch network namespaces, so the test JVM runs {@code ip netns exec NS java
 * -cp <test class path> org.sipice.cli.Main ...}). Tests read its ladder lines and its RESULT
 * lines.
 */
public final class SipiceProcess implements AutoCloseable {
    private final PeerProcess process;

    private SipiceProcess(PeerProcess process) {
        this.process = process;
    }

    /** Starts {@code sipice ARGS...} inside {@code ns} (or here when {@code ns} is null). */
    public static SipiceProcess start(NetNs ns, String... args) throws IOException {
        return startIn(ns == null ? null : ns.name(), args);
    }

    /** Starts {@code sipice ARGS...} inside the named network namespace (or here when null). */
    public static SipiceProcess startIn(String namespace, String... args) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived tool: quick start-up matters more than peak speed on 2 cores.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "org.sipice.cli.Main"));
        java.addAll(List.of(args));
        String name = "sipice " + args[0];
        if (namespace != null) {
            java.addAll(0, List.of("ip", "netns", "exec", namespace));
        }
        return new SipiceProcess(PeerProcess.start(name, java));
    }

    /** {@code sipice answer}: waits for its "listening on URI" line ({@code sip:} or {@code sips:}); returns the URI. */
    public String awaitListening(Duration timeout) throws InterruptedException {
        String line = process.await(l -> l.startsWith("listening on sip:") || l.startsWith("listening on sips:"),
                timeout, "'listening on' line");
        return line.split(" ")[2];
    }

    /** Waits for the next RESULT line after the {@code skip} first ones; returns its fields in order. */
    public Map<String, String> awaitResult(int skip, Duration timeout) throws InterruptedException {
        int[] seen = {0};
        String line = process.await(l -> l.startsWith("RESULT ") && seen[0]++ >= skip, timeout, "RESULT line");
        return parseResult(line);
    }

    /** Waits for the first RESULT line. */
    public Map<String, String> awaitResult(Duration timeout) throws InterruptedException {
        return awaitResult(0, timeout);
    }

    /** {@code RESULT k=v k=v} as an ordered map. */
    public static Map<String, String> parseResult(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : line.substring("RESULT ".length()).split(" ")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    public PeerProcess process() {
        return process;
    }

    /** Index of the first output line containing {@code fragment}, or -1. */
    public int lineIndex(String fragment) {
        return process.indexOf(l -> l.contains(fragment));
    }

    public String await(String fragment, Duration timeout) throws InterruptedException {
        return process.await(l -> l.contains(fragment), timeout, "'" + fragment + "'");
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}

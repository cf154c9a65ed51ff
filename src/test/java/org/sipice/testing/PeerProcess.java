package org.sipice.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child process of a test (baresip, a sipice command in a namespace): every line it prints
 * (stdout and stderr merged) is kept, and tests wait for a line with a deadline. Ended by its
 * own handle only.
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readLines, "peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}; stderr is merged into stdout. */
    public static PeerProcess start(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        return new PeerProcess(name, pb.start());
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                // baresip redraws its status line with carriage returns: keep what comes after.
                for (String part : line.split("\r")) {
                    synchronized (this) {
                        lines.add(part);
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Writes one line to the process's standard input. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take input any more", e);
        }
    }

    /** Every line so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Index of the first line matching {@code p}, or -1. */
    public synchronized int indexOf(Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Waits for a line matching {@code p}; fails with the output so far after {@code timeout}. */
    public synchronized String await(Predicate<String> p, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (p.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError(name + ": no " + what + " within " + timeout.toMillis() + " ms"
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; output:\n"
                        + output());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the process to exit; returns its status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toMillis() + " ms; output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The output so far, for failure messages. */
    public synchronized String output() {
        return lines.stream().collect(Collectors.joining("\n"));
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the process (SIGTERM, then SIGKILL after 3 s) if it still runs. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

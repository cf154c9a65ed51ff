package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, for tests of the HTML pages sipice writes: the DOM
 * after the page's scripts ran, and a screenshot. Each run has its own profile directory (runs in
 * parallel do not share a lock) and ends by the deadline: the browser and its helper processes are
 * ended through their own process handles.
 */
public final class HeadlessChromium {
    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** Skips (or fails with CI=true) without chromium; {@code work} holds profiles and outputs. */
    public static HeadlessChromium require(Path work) {
        RealPeers.require("chromium", "chromium");
        return new HeadlessChromium(RealPeers.find("chromium"), work);
    }

    /** The serialized DOM of {@code page} once loaded and its scripts ran ({@code --dump-dom}). */
    public String dumpDom(Path page, Duration timeout) throws IOException, InterruptedException {
        Path out = work.resolve("dom-" + System.nanoTime() + ".html");
        run(List.of("--dump-dom", page.toUri().toString()), out, timeout);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of {@code page} in a {@code width} x {@code height} window. */
    public Path screenshot(Path page, Path png, int width, int height, Duration timeout)
            throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString()), work.resolve("screenshot-" + System.nanoTime() + ".log"),
                timeout);
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot " + png);
        }
        return png;
    }

    private void run(List<String> args, Path stdout, Duration timeout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(args);
        Path stderr = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within " + timeout.toMillis() + " ms: " + command);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly); // a helper left behind, if any
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + command + "\n"
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
    }
}

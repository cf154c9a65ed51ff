package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code sipice} launcher's class-data sharing archive (README, "CLI start-up"): written by
 * the first run of a kind of command, used by the next ones, and never in the way of a run when
 * it is missing, cut short, stale or cannot be written. Runs the real script on a copy of the
 * project's layout (the script, {@code target/sipice.jar}, {@code target/lib/}).
 */
class LauncherArchiveTest {
    private static final String USAGE = "Usage: sipice [-hV] [COMMAND]";

    /** Under target/, removed after each test: JUnit's temporary directories warn about symbolic links. */
    private Path root;
    private Path cds;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "launcher-test");
        Files.copy(Path.of("sipice"), root.resolve("sipice"));
        root.resolve("sipice").toFile().setExecutable(true);
        Path old = Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path lib = Files.createDirectories(root.resolve("target/lib"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && !Files.exists(lib.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        jar(Path.of("target/classes"), root.resolve("target/sipice.jar"));
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(old, past);
        Files.setLastModifiedTime(root.resolve("pom.xml"), past); // nothing to rebuild
        cds = root.resolve("target/cds");
    }

    @Test
    void theFirstRunWritesTheArchiveAndTheNextOnesMapIt() throws Exception {
        Run first = run("--help");
        assertEquals(0, first.code, first.output);
        assertTrue(first.output.startsWith(USAGE), first.output);
        assertEquals(1, files("help-*.jsa.*").size(), "the training run wrote its archive: " + files("*"));

        Run second = run("--help");
        assertEquals(first.output, second.output);
        assertEquals(1, files("help-*.jsa").size(), "kept once its JVM ended: " + files("*"));
        assertEquals(List.of(), files("help-*.jsa.*"));

        Run mapped = run(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertTrue(mapped.output.contains("org.sipice.cli.Main source: shared objects file (top)"), mapped.output);
        assertTrue(mapped.output.contains("sipice 0.1.0"), mapped.output);

        // A rebuilt jar: the old archive goes, a new one is trained.
        Files.setLastModifiedTime(root.resolve("target/sipice.jar"), FileTime.from(Instant.now()));
        Run rebuilt = run("--help");
        assertEquals(first.output, rebuilt.output);
        assertEquals(List.of(), files("help-*.jsa"), "the stale archive is gone: " + files("*"));
        assertEquals(1, files("help-*.jsa.*").size(), files("*").toString());
    }

    @Test
    void anArchiveCutShortIsNeverMapped() throws Exception {
        run("--help");
        Path written = files("help-*.jsa.*").get(0);
        byte[] whole = Files.readAllBytes(written);
        Files.delete(written);
        // As if its JVM had been killed halfway through writing it: a JVM that maps it crashes.
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String name = written.getFileName().toString();
        Files.write(cds.resolve(name.substring(0, name.lastIndexOf('.') + 1) + ended.pid()),
                java.util.Arrays.copyOf(whole, whole.length / 3));

        Run run = run("--help");

        assertEquals(0, run.code, run.output);
        assertTrue(run.output.startsWith(USAGE), run.output);
        assertEquals(List.of(), files("help-*.jsa"), "not kept: " + files("*"));
    }

    @Test
    void aUsageErrorTrainsNothing() throws Exception {
        Run bad = run("call", "--no-such-option");
        assertEquals(ExitCode.USAGE, bad.code, bad.output);
        assertEquals(1, files("call-*.jsa.*.discard").size(), files("*").toString());

        run("call", "--still-no-such-option");

        assertEquals(List.of(), files("call-*.jsa"), "discarded: " + files("*"));
    }

    @Test
    void withoutAWritableArchiveDirectoryTheCommandStillRuns() throws Exception {
        Files.writeString(cds, "a file where the directory would be");
        Run run = run("--help");
        assertEquals(0, run.code, run.output);
        assertTrue(run.output.startsWith(USAGE), run.output);

        Files.delete(cds);
        Run off = run(Map.of("SIPICE_CDS", "off"), "--help");
        assertEquals(0, off.code, off.output);
        assertTrue(!Files.exists(cds) || files("*").isEmpty(), "SIPICE_CDS=off writes nothing");
    }

    @AfterEach
    void removeLayout() throws IOException {
        try (Stream<Path> files = Files.walk(root)) { // symbolic links are removed, never followed
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(f);
            }
        }
    }

    private record Run(int code, String output) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("sipice").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SIPICE_CDS");
        pb.environment().putAll(env);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sipice " + String.join(" ", args) + " ended");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private List<Path> files(String glob) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        java.nio.file.PathMatcher m = cds.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> s = Files.list(cds)) {
            return s.filter(f -> m.matches(f.getFileName())).sorted().collect(Collectors.toList());
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
    }
}

package org.sipice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/b2bua and examples/third-party-call-control stay working programs that use only the
 * public API: each test compiles the example's source against the test class path, runs its
 * {@code run()} and reads its imports (as BasicCallExampleTest does for basic-call).
 */
class B2buaAndThirdPartyExamplesTest {
    private static final Pattern NON_PUBLIC = Pattern.compile("org\\.sipice(\\.\\w+)*\\.(internal|cli)\\b");

    @Test
    void b2buaExampleRelaysMediaAndMeasuresTheParallelStart(@TempDir Path classes) throws Exception {
        String summary = compileAndRun("b2bua", "B2buaCall", classes);
        assertTrue(summary.startsWith("ok relayed=25 "), summary);
        assertTrue(summary.contains("saved_ms="), summary); // a figure, not asserted: timings vary
    }

    @Test
    void thirdPartyExampleConnectsThenTransfersWithAnIceRestart(@TempDir Path classes) throws Exception {
        String summary = compileAndRun("third-party-call-control", "ClickToDial", classes);
        assertTrue(summary.startsWith("ok ufrag_before="), summary);
        assertTrue(summary.endsWith("rtp_to_bob=10 rtp_to_carol=10"), summary);
    }

    @Test
    void examplesImportOnlyThePublicApi() throws Exception {
        for (Path source : List.of(source("b2bua", "B2buaCall"), source("third-party-call-control", "ClickToDial"))) {
            List<String> lines = Files.readAllLines(source);
            assertEquals(List.of(), lines.stream().filter(l -> NON_PUBLIC.matcher(l).find())
                    .collect(Collectors.toList()), source + ": references to internal or CLI packages");
            assertTrue(Files.isRegularFile(source.getParent().getParent().resolve("README.md")), "README of " + source);
        }
    }

    private static Path source(String dir, String className) {
        return Path.of(System.getProperty("user.dir"), "examples", dir, "src", className + ".java");
    }

    private String compileAndRun(String dir, String className, Path classes) throws Exception {
        Path source = source(dir, className);
        assertTrue(Files.isRegularFile(source), "missing " + source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                        "-Xlint:all", "-Werror"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertTrue(compiled, className + ".java does not compile:\n" + diagnostics);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method run = loader.loadClass(className).getDeclaredMethod("run");
            run.setAccessible(true);
            try {
                return (String) run.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError(className + ".run() failed", e.getCause());
            }
        }
    }
}

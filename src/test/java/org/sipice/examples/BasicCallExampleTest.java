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
 * examples/basic-call stays a working program that uses only the public API: the test compiles
 * the example's source against the test class path, runs its {@code run()} and reads its imports.
 */
class BasicCallExampleTest {
    private static final Path SOURCE = Path.of(System.getProperty("user.dir"), "examples", "basic-call", "src",
            "BasicCall.java");
    /** An sipice package that applications must not use: any {@code .internal} package, or the CLI. */
    private static final Pattern NON_PUBLIC = Pattern.compile("org\\.sipice(\\.\\w+)*\\.(internal|cli)\\b");

    @Test
    void exampleCompilesAndCompletesACallWithMediaOnAHostPair(@TempDir Path classes) throws Exception {
        assertTrue(Files.isRegularFile(SOURCE), "missing " + SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                        "-Xlint:all", "-Werror"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(SOURCE.toFile())).call();
        assertTrue(compiled, "BasicCall.java does not compile:\n" + diagnostics);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method run = loader.loadClass("BasicCall").getDeclaredMethod("run");
            run.setAccessible(true);
            String summary;
            try {
                summary = (String) run.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError("BasicCall.run() failed", e.getCause());
            }
            assertTrue(summary.startsWith("ok "), summary);
            assertTrue(summary.contains("received=25"), summary);
            assertTrue(summary.contains("pair=host/udp-host/"), summary);
        }
    }

    @Test
    void exampleImportsOnlyThePublicApi() throws Exception {
        List<String> lines = Files.readAllLines(SOURCE);
        List<String> sipiceImports = lines.stream().map(String::trim)
                .filter(l -> l.startsWith("import ") && l.contains("org.sipice."))
                .collect(Collectors.toList());
        assertTrue(sipiceImports.stream().anyMatch(l -> l.contains("org.sipice.sip.IceUserAgent")),
                "the example should use IceUserAgent: " + sipiceImports);
        assertEquals(List.of(), sipiceImports.stream().filter(l -> NON_PUBLIC.matcher(l).find())
                .collect(Collectors.toList()), "imports from internal or CLI packages");
        // Fully qualified names are imports too, in effect.
        assertEquals(List.of(), lines.stream().filter(l -> NON_PUBLIC.matcher(l).find())
                .collect(Collectors.toList()), "references to internal or CLI packages");
    }
}

package org.sipice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * examples/scripted-call-tests stays a working project: its tests compile against our class path
 * (sipice and JUnit, as its pom declares them) and pass when the JUnit Platform runs them, and
 * its pom asks for the sipice and JUnit versions this build makes and uses.
 */
class ScriptedCallExampleTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir"), "examples", "scripted-call-tests");

    @Test
    void theExampleTestsCompileAndPass(@TempDir Path classes) throws Exception {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(EXAMPLE.resolve("src/test/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertTrue(!sources.isEmpty(), "no test source under " + EXAMPLE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                        "-proc:none", "-Xlint:all", "-Werror"),
                null, javac.getStandardFileManager(null, null, null)
                        .getJavaFileObjectsFromPaths(sources)).call();
        assertTrue(compiled, "the example does not compile:\n" + diagnostics);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> test = loader.loadClass("example.AliceCallsBobTest");
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test)).build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 30);
            assertEquals(0, summary.getTotalFailureCount(), failures.toString());
            assertEquals(2, summary.getTestsSucceededCount(), "the example's two tests should pass: " + failures);
        }
    }

    @Test
    void thePomAsksForTheVersionsThisBuildMakesAndUses() throws IOException {
        String ours = Files.readString(Path.of("pom.xml"));
        String example = Files.readString(EXAMPLE.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>sipice</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(ours);
        assertTrue(version.find(), "no sipice version in pom.xml");
        assertEquals(version.group(1), property(example, "sipice.version"));
        assertEquals(property(ours, "junit.version"), property(example, "junit.version"));
        assertTrue(example.contains("<groupId>org.sipice</groupId>"), example);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "no <" + name + "> in the pom");
        return m.group(1).trim();
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code sipice --help}, {@code --version}, {@code help} and a command line that does not parse
 * print their text and end without starting what only a call needs: no log4j configuration, no
 * ice4j, no JAIN-SIP implementation class is loaded (README, "CLI start-up").
 */
class LazyStartupTest {
    private static final List<String> CALL_ONLY = List.of("org.apache.logging.log4j", "org.ice4j.", "gov.nist.",
            "io.netty.", "org.bouncycastle.");

    @Test
    void helpTextsAndUsageErrorsLoadNothingACallNeeds() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("--version"), List.of("call", "--help"),
                List.of("help", "answer"), List.of("demo", "--no-such-option"), List.of("call"))) {
            Run run = run(args);
            int expected = args.contains("--no-such-option") || args.equals(List.of("call")) ? ExitCode.USAGE
                    : ExitCode.OK;
            assertEquals(expected, run.code, args + ":\n" + run.output);
            List<String> loaded = run.output.lines().filter(l -> l.contains("[class,load]"))
                    .filter(l -> CALL_ONLY.stream().anyMatch(l::contains)).collect(Collectors.toList());
            assertEquals(List.of(), loaded, "sipice " + String.join(" ", args) + " loaded what only a call needs");
            assertTrue(run.output.contains("org.sipice.cli.Main "), "the class log is there: " + args);
        }
    }

    @Test
    void aCommandThatRunsStartsLoggingBeforeIce4j() throws Exception {
        // A bad --listen is found after parsing, in the command: logging is up by then.
        Run run = run(List.of("answer", "--listen", "0.0.0.0:5060"));

        assertEquals(ExitCode.USAGE, run.code, run.output);
        assertTrue(run.output.contains("org.apache.logging.log4j.jul.Log4jBridgeHandler"), run.output);
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.sipice.cli.Main"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sipice " + args + " ended");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sipice.sip.Call;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * {@code sipice controller}: click-to-dial and transfer between three sipice phones in this JVM;
 * the command lines {@code sipice b2bua} refuses ({@code BaresipBehindB2buaTest} runs it for real).
 */
class ControllerCommandTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void controllerConnectsAliceAndBobThenMovesAliceToCarol() throws Exception {
        CallRecorder aliceEvents = new CallRecorder(true);
        CallRecorder bobEvents = new CallRecorder(true);
        CallRecorder carolEvents = new CallRecorder(true);
        try (TestUserAgent alice = TestUserAgent.start("alice", aliceEvents);
                TestUserAgent bob = TestUserAgent.start("bob", bobEvents);
                TestUserAgent carol = TestUserAgent.start("carol", carolEvents)) {
            Run run = run("controller", alice.uri(), bob.uri(), "--listen", "127.0.0.1:0", "--transfer-to",
                    carol.uri(), "--hold", "1", "--profile", "loopback-demo");
            assertEquals(0, run.code, run.out);
            String result = run.out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            assertTrue(result.startsWith("RESULT status=ok flow=I transferred_to=" + carol.uri()), run.out);
            assertTrue(run.out.contains("controller: A moved from B to C"), run.out);
            Call a = aliceEvents.awaitIncoming(DEADLINE);
            Call c = carolEvents.awaitIncoming(DEADLINE);
            await(a.ended());
            await(c.ended());
            assertEquals("BYE received", await(bobEvents.awaitIncoming(DEADLINE).ended()
                    ).reason());
        }
    }

    @Test
    void flowTwoIsABadCommandLine() {
        Run run = run("controller", "sip:a@127.0.0.1:5070", "sip:b@127.0.0.1:5072", "--listen", "127.0.0.1:0",
                "--flow", "II");
        assertEquals(ExitCode.USAGE, run.code, run.out);
        assertTrue(run.out.contains("Flow II cannot work with ICE") && run.out.contains("reason=bad_option"), run.out);
    }

    @Test
    void b2buaNeedsAListenAddressAndASipDestination() {
        assertEquals(ExitCode.USAGE, run("b2bua", "--listen", "127.0.0.1:0").code, "--to is required");
        Run notSip = run("b2bua", "--listen", "127.0.0.1:0", "--to", "bob@example.com");
        assertEquals(ExitCode.USAGE, notSip.code, notSip.out);
        assertTrue(notSip.out.contains("expected a SIP URI") && notSip.out.contains("reason=bad_option"), notSip.out);
        assertEquals(ExitCode.USAGE, run("b2bua", "--to", "sip:bob@127.0.0.1:5060").code, "--listen is required");
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            picocli.CommandLine cli = new picocli.CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
            cli.setOut(new PrintWriter(picocliOut, true));
            cli.setErr(new PrintWriter(picocliOut, true));
            int code = cli.execute(args);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8) + picocliOut);
        } finally {
            System.setOut(saved);
        }
    }
}

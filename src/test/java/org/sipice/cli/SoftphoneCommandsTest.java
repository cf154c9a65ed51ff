package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.SipiceProcess;
import picocli.CommandLine;

/**
 * {@code sipice answer} and {@code sipice call} as a user runs them: two processes on
 * 127.0.0.1 calling each other, each ending with its RESULT line and exit status. (The same
 * commands face baresip in org.sipice.peers.BaresipInteropTest.)
 */
@Timeout(90)
class SoftphoneCommandsTest {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(20);

    @Test
    void answerAndCallTalkToEachOtherAndBothReportOk() throws Exception {
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--wait", "60")) {
            String uri = bob.awaitListening(START);
            try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1",
                    "--hold", "1.5", "--nomination", "aggressive")) {
                Map<String, String> caller = alice.awaitResult(CALL);
                Map<String, String> callee = bob.awaitResult(CALL);

                assertEquals("ok", caller.get("status"), alice.output());
                assertEquals("ok", callee.get("status"), bob.output());
                assertEquals("out", caller.get("direction"));
                assertEquals("in", callee.get("direction"));
                assertEquals("100+183rel", caller.get("early_answer"), "sipice to sipice: 100rel is used");
                assertEquals("100+183rel", callee.get("early_answer"));
                assertEquals("AUTO", callee.get("early_answer_mode"));
                assertEquals("true", callee.get("ringing_after_ice"));
                assertEquals("ice", callee.get("gate"));
                assertEquals("host/udp-host/udp", caller.get("pair"));
                assertEquals("local", caller.get("hangup"));
                assertEquals("peer", callee.get("hangup"));
                // 1.5 s of 20 ms packets each way, give or take the call's start and end.
                for (Map<String, String> side : java.util.List.of(caller, callee)) {
                    assertTrue(Integer.parseInt(side.get("media_sent")) >= 60, side.toString());
                    assertTrue(Integer.parseInt(side.get("media_received")) >= 60, side.toString());
                }
                assertTrue(alice.lineIndex("local ------------------> peer   INVITE  [SDP]") >= 0, alice.output());
                assertTrue(bob.lineIndex("local <------------------ peer   INVITE  [SDP]") >= 0, bob.output());
                assertEquals(ExitCode.OK, alice.awaitExit(Duration.ofSeconds(10)));
                assertEquals(ExitCode.OK, bob.awaitExit(Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void answerGivesUpWithExitStatus3WhenNoCallComes() throws Exception {
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--wait", "1")) {
            Map<String, String> result = bob.awaitResult(START);
            assertEquals("failed", result.get("status"));
            assertEquals("wait_expired", result.get("reason"));
            assertEquals(ExitCode.NO_CALL, bob.awaitExit(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aBadCommandLineExitsWith2AndSaysWhy() {
        assertEquals(ExitCode.USAGE, run("answer").code, "answer needs --listen");
        Run badProfile = run("answer", "--listen", "127.0.0.1:0", "--set", "sipice.nomination=SOMETIMES");
        assertEquals(ExitCode.USAGE, badProfile.code);
        assertTrue(badProfile.out.contains("sipice.nomination") && badProfile.out.contains("reason=bad_profile"),
                badProfile.out);
        assertEquals(ExitCode.USAGE, run("call", "sip:bob@127.0.0.1:5060", "--turn", "127.0.0.1:3478").code,
                "--turn without credentials");
        assertEquals(ExitCode.USAGE, run("call", "sip:bob@127.0.0.1", "--early-answer", "SOMETIMES").code);
    }

    @Test
    void aTargetAskingForATransportWeCannotGiveIsRefusedRatherThanDowngraded() {
        // RFC 3261 §26.2.2: sips: means TLS on every hop; never called over UDP or TCP. SCTP we lack.
        for (String[] line : new String[][] {
            {"call", "sips:bob@127.0.0.1:5061", "--transport", "udp"},
            {"call", "sip:bob@127.0.0.1:5060;transport=tls", "--transport", "tcp"},
            {"call", "sip:bob@127.0.0.1:5060;transport=tcp", "--transport", "tls"},
            {"call", "sip:bob@127.0.0.1:5060;transport=sctp"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(line));
            args.addAll(java.util.List.of("--listen", "127.0.0.1", "--ring-timeout", "1", "--hold", "0.1"));
            Run call = run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, call.code, args + ":\n" + call.out);
            assertTrue(call.out.contains("RESULT status=failed reason=unsupported_transport"), call.out);
            assertTrue(!call.out.contains("INVITE"), "nothing was sent:\n" + call.out);
        }
        // The b2bua listens and calls over UDP only.
        Run b2bua = run("b2bua", "--listen", "127.0.0.1:0", "--to", "sips:bob@127.0.0.1:5061");
        assertEquals(ExitCode.USAGE, b2bua.code, b2bua.out);
        assertTrue(b2bua.out.contains("reason=unsupported_transport"), b2bua.out);
    }

    @Test
    void helpNamesEveryOption() {
        Run help = run("answer", "--help");
        assertEquals(0, help.code);
        for (String option : new String[] {"--listen", "--stun", "--turn", "--turn-user", "--turn-pass",
            "--early-answer", "--nomination", "--hold", "--profile", "--set", "--trace", "--calls", "--wait",
            "--max-media-gap"}) {
            assertTrue(help.out.contains(option), option + " in:\n" + help.out);
        }
        assertTrue(help.out.contains("TRYING_100") && help.out.contains("RELIABLE_183"), help.out);
        assertTrue(run("call", "--help").out.contains("SIP-URI"));
    }

    private record Run(int code, String out) {
    }

    /** Runs a command in this JVM (no System.exit), capturing what it prints. */
    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
            cli.setOut(new PrintWriter(picocliOut, true));
            cli.setErr(new PrintWriter(picocliOut, true));
            int code = cli.execute(args);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8) + picocliOut);
        } finally {
            System.setOut(saved);
        }
    }
}

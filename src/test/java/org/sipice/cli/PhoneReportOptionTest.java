package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.diagnostics.CallReport;
import org.sipice.diagnostics.CallReportJson;
import org.sipice.diagnostics.TimelineEntry;
import org.sipice.testing.SipiceProcess;

/**
 * {@code sipice call --report DIR} and {@code sipice answer --report DIR}: two processes on
 * 127.0.0.1 call each other; once the call ended each has saved its side's report (the JSON
 * that {@code sipice report} reads, and its HTML page) and said where on stdout.
 */
@Timeout(90)
class PhoneReportOptionTest {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(20);

    @Test
    void callAndAnswerEachSaveTheirSideOfTheCall(@TempDir Path dir) throws Exception {
        Path bobDir = dir.resolve("bob");
        Path aliceDir = dir.resolve("alice");
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--wait", "60", "--report", bobDir.toString())) {
            String uri = bob.awaitListening(START);
            try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1",
                    "--hold", "1", "--report", aliceDir.toString())) {
                Map<String, String> caller = alice.awaitResult(CALL);
                Map<String, String> callee = bob.awaitResult(CALL);
                assertEquals("ok", caller.get("status"), alice.output());
                assertEquals("ok", callee.get("status"), bob.output());
                assertEquals(ExitCode.OK, alice.awaitExit(Duration.ofSeconds(10)), alice.output());
                assertEquals(ExitCode.OK, bob.awaitExit(Duration.ofSeconds(10)), bob.output());

                CallReport out = saved(aliceDir, alice);
                CallReport in = saved(bobDir, bob);
                assertEquals(out.callId(), in.callId(), "both sides of one call");
                assertTrue(out.outgoing() && !in.outgoing());
                for (CallReport side : new CallReport[] {out, in}) {
                    assertTrue(side.ice().selectedPair(1).isPresent(), side.toString());
                    assertTrue(side.timeline().stream().anyMatch(e -> TimelineEntry.SIP.equals(e.kind())
                            && e.label().startsWith("INVITE")), side.timeline().toString());
                    assertTrue(side.timeline().stream().anyMatch(e -> TimelineEntry.SIP.equals(e.kind())
                            && e.label().startsWith("BYE")), "the report is taken once the call ended");
                }
            }
        }
    }

    /** call-1.json and call-1.html in {@code dir}, named on the process's stdout. */
    private static CallReport saved(Path dir, SipiceProcess process) throws Exception {
        Path json = dir.resolve("call-1.json");
        assertTrue(process.lineIndex("report: " + json + " (and .html)") >= 0, process.output());
        assertTrue(Files.size(dir.resolve("call-1.html")) > 0, "call-1.html");
        return CallReportJson.read(json);
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.diagnostics.CallReport;
import org.sipice.diagnostics.CallReportJson;
import org.sipice.profile.SipProfile;
import picocli.CommandLine;

/**
 * {@code sipice demo --report DIR} saves both sides' reports; {@code sipice report FILE.json}
 * renders one to HTML and ends with a RESULT line; bad input gives exit status 2 and says why.
 */
class ReportCommandTest {

    @Test
    void theDemoSavesBothSidesAndReportRendersOneFromItsJson(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream demoOut = new ByteArrayOutputStream();
        ResultLine demo = Demo.run(SipProfile.load("loopback-demo"), 5, 0,
                new PrintStream(demoOut, true, StandardCharsets.UTF_8), dir);
        assertTrue(demo.isOk(), demo + "\n" + demoOut.toString(StandardCharsets.UTF_8));
        for (String side : List.of("alice", "bob")) {
            assertTrue(Files.size(dir.resolve(side + ".html")) > 0, side + ".html");
            CallReport report = CallReportJson.read(dir.resolve(side + ".json"));
            assertEquals(side.equals("alice"), report.outgoing(), side);
            assertEquals(2, report.ice().selectedPairs().size(), side);
            assertEquals(5, report.ice().selectedPair(1).orElseThrow().packetsSent(), side);
        }

        Path html = dir.resolve("out/alice-page.html");
        Files.createDirectories(html.getParent());
        Run run = run("report", dir.resolve("alice.json").toString(), "-o", html.toString());
        assertEquals(0, run.code, run.text);
        assertTrue(run.lastLine().startsWith("RESULT status=ok html=" + html + " call_id="), run.text);
        assertTrue(run.lastLine().contains(" selected=2 "), run.text);
        assertTrue(Files.readString(html).contains("data-pair-id=\"P1\""));

        Run defaultName = run("report", dir.resolve("bob.json").toString());
        assertEquals(0, defaultName.code, defaultName.text);
        assertTrue(defaultName.lastLine().contains("html=" + dir.resolve("bob.html").toAbsolutePath()),
                defaultName.text);
    }

    @Test
    void reportIsASubcommandOfSipice() {
        assertTrue(new CommandLine(new Main()).getSubcommands().containsKey("report"));
    }

    @Test
    void aMissingOrBrokenReportIsRefusedWithExitStatus2(@TempDir Path dir) throws Exception {
        Run missing = run("report", dir.resolve("none.json").toString());
        assertEquals(2, missing.code);
        assertEquals("RESULT status=failed reason=bad_report input=" + dir.resolve("none.json"), missing.lastLine());
        assertTrue(missing.text.contains("no such file"), missing.text);

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"version\": 1, \"callId\": ");
        Run bad = run("report", broken.toString());
        assertEquals(2, bad.code);
        assertTrue(bad.text.contains("not a sipice call report"), bad.text);
        assertTrue(!Files.exists(dir.resolve("broken.html")), "no page for a broken report");
    }

    private record Run(int code, String text) {
        String lastLine() {
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ReportCommand command = new ReportCommand();
        command.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code = new CommandLine(command).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.profile.SipProfile;
import org.sipice.testing.Coturn;

/** What {@code ./sipice demo} prints: the ladder in order and a RESULT line that tells the truth. */
class DemoTest {

    @Test
    void overTlsBobsSelfSignedCertificateIsPinnedByAliceAndTheCallIsOk() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        java.util.Properties tls = new java.util.Properties();
        tls.setProperty("extends", "loopback-demo");
        tls.setProperty("sipice.sip-transport", "tls");

        ResultLine result = Demo.run(SipProfile.parse("tls", tls), 10, 0, out);

        String text = buffer.toString(StandardCharsets.UTF_8);
        assertEquals("ok", parse(result.toString()).get("status"), text + result);
        assertTrue(text.contains("Bob's TLS certificate fingerprint SHA256:"), text);
        assertTrue(text.contains("Alice is sips:alice@127.0.0.1:") && text.contains("Bob is sips:bob@127.0.0.1:"),
                text);
    }

    @Test
    void theDemoCallShowsRingingAfterIceAndEndsWithAnOkResultLine() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        ResultLine result = Demo.run(SipProfile.load("loopback-demo"), 10, 0, out);
        out.println(result);

        String text = buffer.toString(StandardCharsets.UTF_8);
        Map<String, String> fields = parse(result.toString());
        assertEquals("ok", fields.get("status"), text);
        assertEquals("completed", fields.get("ice"));
        assertEquals("host/udp-host/udp", fields.get("pair"));
        assertEquals("true", fields.get("ringing_after_ice"));
        assertEquals("20", fields.get("media_sent"));
        assertEquals("20", fields.get("media_received"));
        assertTrue(Integer.parseInt(fields.get("setup_ms")) > 0);
        assertEquals("regular", fields.get("nomination"));
        int checksMs = Integer.parseInt(fields.get("checks_ms"));
        assertTrue(checksMs >= 0 && checksMs < Integer.parseInt(fields.get("setup_ms")), result.toString());

        // The ladder, in order, as the user reads it.
        List<String> lines = Arrays.asList(text.split("\n"));
        int invite = indexOf(lines, "Alice ------------------> Bob    INVITE  [SDP]");
        int trying = indexOf(lines, "Alice <------------------ Bob    100 Trying (INVITE)  [SDP]");
        int progress = indexOf(lines, "183 Session Progress (INVITE) (reliable)  [SDP]");
        int gate = indexOf(lines, "Bob   ringing gate opened");
        int ringing = indexOf(lines, "Alice <------------------ Bob    180 Ringing (INVITE)");
        int ok = indexOf(lines, "Alice <------------------ Bob    200 OK (INVITE)  [SDP]");
        int bye = indexOf(lines, "Alice ------------------> Bob    BYE");
        assertTrue(invite < trying && trying < progress && progress < gate && gate < ringing && ringing < ok
                && ok < bye, text);
        assertTrue(text.contains("srflx 127.0.0.2:"), "server-reflexive candidates from the embedded STUN: " + text);
        assertTrue(text.contains("pair SELECTED:  component 1 host/udp-host/udp"), text);
    }

    @Test
    void theDemoTakesTheIceOptionsOfCallAndAnswer(@TempDir Path dir) throws Exception {
        try (Coturn coturn = Coturn.start()) {
            Path password = dir.resolve("turn.pass");
            Files.writeString(password, Coturn.PASSWORD + "\n");
            String turn = "127.0.0.1:" + coturn.address().getPort();

            CliConsistencyTest.Run run = CliConsistencyTest.run("demo", "--packets", "5", "--ring-ms", "0",
                    "--nomination", "aggressive", "--ta", "10", "--relay-only", "--turn", turn,
                    "--turn-user", Coturn.USER, "--turn-pass-file", password.toString());

            assertEquals(ExitCode.OK, run.code(), run.out());
            String resultLine = run.out().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
            Map<String, String> fields = parse(resultLine);
            assertEquals("ok", fields.get("status"), run.out());
            assertEquals("relay/udp-relay/udp", fields.get("pair"), resultLine);
            assertEquals("aggressive", fields.get("nomination"), resultLine);
            assertTrue(Integer.parseInt(fields.get("checks_ms")) >= 0, resultLine);
            assertTrue(coturn.createdAllocations() >= 2, "both sides allocated on " + coturn);
        }
    }

    @Test
    void theResultLineHasNoSpacesInsideValues() {
        ResultLine line = ResultLine.failed("480: ICE failed after 3 s").put("setup_ms", 12);
        assertEquals("RESULT status=failed reason=480:_ICE_failed_after_3_s setup_ms=12", line.toString());
        assertTrue(!line.isOk());
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in:\n" + String.join("\n", lines));
    }

    private static Map<String, String> parse(String resultLine) {
        assertTrue(resultLine.startsWith("RESULT "), resultLine);
        return Arrays.stream(resultLine.substring(7).split(" "))
                .map(f -> f.split("=", 2))
                .collect(Collectors.toMap(f -> f[0], f -> f[1], (a, b) -> b, LinkedHashMap::new));
    }
}

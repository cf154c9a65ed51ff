package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.testing.SipiceProcess;

/**
 * {@code sipice answer --wav FILE} plays the file to a {@code sipice call}, two processes on
 * 127.0.0.1: the callee says what it plays, RTP arrives at the caller, both end ok, and both
 * show their progress on stderr.
 */
@Timeout(90)
class WavCallTest {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(20);

    @Test
    void theCalleePlaysAWavFileAndTheCallerReceivesIt(@TempDir Path dir) throws Exception {
        Path wav = WavFileTest.wav(dir.resolve("greeting.wav"), 8000, 16, 1, WavFileTest.ramp(8000));
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--wait", "60", "--wav", wav.toString())) {
            String uri = bob.awaitListening(START);
            try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1",
                    "--hold", "1.5")) {
                Map<String, String> caller = alice.awaitResult(CALL);
                Map<String, String> callee = bob.awaitResult(CALL);
                assertEquals("ok", caller.get("status"), alice.output());
                assertEquals("ok", callee.get("status"), bob.output());
                assertTrue(bob.lineIndex("local media: sending greeting.wav (1.0 s, looped) as PCMU, 20 ms packets")
                        >= 0, bob.output());
                assertTrue(Integer.parseInt(caller.get("media_received")) >= 50, caller.toString());
                assertTrue(alice.lineIndex("sipice: [") >= 0 && alice.lineIndex("waiting for an answer") >= 0,
                        "progress on stderr:\n" + alice.output());
                assertTrue(bob.lineIndex("waiting for call 1 of 1 to end") >= 0, bob.output());
                assertEquals(ExitCode.OK, alice.awaitExit(Duration.ofSeconds(10)));
                assertEquals(ExitCode.OK, bob.awaitExit(Duration.ofSeconds(10)));
            }
        }
    }
}

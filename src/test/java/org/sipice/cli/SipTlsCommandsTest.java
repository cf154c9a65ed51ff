package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.SipiceProcess;

/**
 * {@code sipice answer --transport tls} and {@code sipice call sips:...} as a user runs them, two
 * processes on 127.0.0.1: the callee makes a self-signed certificate and prints its fingerprint;
 * a caller that trusts the system's CAs refuses it (a RESULT line naming the reason, exit 1), a
 * caller that pins the printed fingerprint completes the call. And the same over TCP.
 */
@Timeout(120)
class SipTlsCommandsTest {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final String FINGERPRINT_LINE = "TLS certificate fingerprint SHA256:";

    @Test
    void aSelfSignedCalleeIsRefusedByDefaultAndReachedByItsPrintedFingerprint() throws Exception {
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--transport", "tls", "--listen", "127.0.0.1:0",
                "--user", "bob", "--hold", "0", "--wait", "90")) {
            String uri = bob.awaitListening(START);
            assertTrue(uri.startsWith("sips:bob@127.0.0.1:"), uri);
            String line = bob.await(FINGERPRINT_LINE, START);
            String fingerprint = line.substring(line.indexOf(FINGERPRINT_LINE) + FINGERPRINT_LINE.length()).split(" ")[0];

            try (SipiceProcess mallory = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1")) {
                Map<String, String> refused = mallory.awaitResult(CALL);
                assertEquals("failed", refused.get("status"), mallory.output());
                assertTrue(refused.get("reason").startsWith("tls_unknown_ca:"), refused.toString());
                assertEquals(ExitCode.CALL_FAILED, mallory.awaitExit(Duration.ofSeconds(10)));
            }
            try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1",
                    "--hold", "1", "--tls-fingerprint", "SHA256:" + fingerprint)) {
                Map<String, String> caller = alice.awaitResult(CALL);
                Map<String, String> callee = bob.awaitResult(CALL);
                assertEquals("ok", caller.get("status"), alice.output());
                assertEquals("ok", callee.get("status"), bob.output());
                assertEquals("peer", callee.get("hangup"));
                assertEquals(ExitCode.OK, alice.awaitExit(Duration.ofSeconds(10)));
                assertEquals(ExitCode.OK, bob.awaitExit(Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void aKeyStoreThatDoesNotOpenIsAUsageErrorNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path junk = dir.resolve("me.p12");
        java.nio.file.Files.writeString(junk, "not a key store");
        CliConsistencyTest.Run answer = CliConsistencyTest.run("answer", "--transport", "tls", "--listen",
                "127.0.0.1:0", "--tls-keystore", junk.toString(), "--tls-keystore-password", "x");
        assertEquals(ExitCode.USAGE, answer.code(), answer.out());
        assertTrue(answer.out().contains("RESULT status=failed reason=bad_tls_file"), answer.out());
        assertTrue(answer.out().contains(junk.toString()), answer.out());
    }

    @Test
    void answerAndCallOverTcp() throws Exception {
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--transport", "tcp", "--listen", "127.0.0.1:0",
                "--user", "bob", "--hold", "0", "--wait", "60")) {
            String uri = bob.awaitListening(START);
            assertTrue(uri.endsWith(";transport=tcp"), uri);
            try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1", "--hold", "1")) {
                assertEquals("ok", alice.awaitResult(CALL).get("status"), alice.output());
                assertEquals("ok", bob.awaitResult(CALL).get("status"), bob.output());
                assertEquals(ExitCode.OK, alice.awaitExit(Duration.ofSeconds(10)));
            }
        }
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.Freeze;
import org.sipice.testing.SipiceProcess;

/**
 * {@code sipice call} → {@code sipice b2bua} → {@code sipice answer}, and the caller freezes for
 * 2.5 s in the middle of the call: ICE survives on both legs and the call ends with BYE, but the
 * bridge relayed nothing from the caller for 2.5 s. Its RESULT line says so (failed, media_gap,
 * the gap on the incoming side), and so does the callee's: nobody reports {@code ok}.
 */
@Timeout(90)
class B2buaMediaGapTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final long FREEZE_MS = 2_500;

    @Test
    void aFrozenCallerFailsTheBridgeAndTheCalleeWithTheirMediaGap() throws Exception {
        try (SipiceProcess bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--wait", "80")) {
            String bobUri = bob.awaitListening(START);
            try (SipiceProcess b2bua = SipiceProcess.start(null, "b2bua", "--listen", "127.0.0.1:0", "--to", bobUri,
                    "--calls", "1", "--wait", "80")) {
                String b2buaUri = b2bua.awaitListening(START);
                try (SipiceProcess alice = SipiceProcess.start(null, "call", b2buaUri, "--listen", "127.0.0.1",
                        "--hold", "5")) {
                    // The caller's tone reaches bob through the relay: media flows end to end.
                    bob.await("first RTP packet from the peer", CALL);
                    Freeze.process(alice.process().pid(), Duration.ofMillis(FREEZE_MS));

                    Map<String, String> bridge = b2bua.awaitResult(CALL);
                    Map<String, String> callee = bob.awaitResult(CALL);
                    String all = "--- b2bua:\n" + b2bua.output() + "\n--- bob:\n" + bob.output();

                    assertEquals("failed", bridge.get("status"), all);
                    assertEquals("media_gap", bridge.get("reason"), bridge.toString());
                    long fromCaller = Long.parseLong(bridge.get("media_gap_in_ms"));
                    assertTrue(fromCaller >= FREEZE_MS - 100 && fromCaller < 5_000, "the freeze: " + bridge);
                    assertTrue(Long.parseLong(bridge.get("media_gap_out_ms")) < 1_000, "bob kept sending: " + bridge);
                    assertEquals("incoming", bridge.get("cause"), "the caller's BYE ended it: " + bridge);

                    assertEquals("failed", callee.get("status"), all);
                    assertEquals("media_gap", callee.get("reason"), callee.toString());
                    assertEquals(ExitCode.CALL_FAILED, b2bua.awaitExit(CALL), all);
                }
            }
        }
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.sipice.b2bua.B2buaEvent;
import org.sipice.b2bua.B2buaEvent.Leg;
import org.sipice.b2bua.B2buaEvent.RelayCounts;
import org.sipice.testing.SipiceProcess;

/** The RESULT line of one bridge of {@code sipice b2bua}: ok only for a bridge that really carried the call. */
class B2buaPrinterTest {
    private final BlockingQueue<ResultLine> finished = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final B2buaPrinter printer = new B2buaPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8),
            finished, 1_000);

    @Test
    void aBridgeEndedByBye_withMediaThroughout_isOk() {
        Map<String, String> line = bridgeThat(new B2buaEvent.TornDown("b1", Leg.INCOMING, "BYE received",
                new RelayCounts(250, 0, 249, 0, 0, 40, 41), false));

        assertEquals("ok", line.get("status"));
        assertEquals("40", line.get("media_gap_in_ms"));
        assertEquals("41", line.get("media_gap_out_ms"));
        assertEquals("BYE_received", line.get("reason"));
        assertEquals(1, finished.size(), "it counts toward --calls");
    }

    @Test
    void aBridgeTornDownBecauseALegLostConsentFails() {
        // RFC 7675 §5.1 on one leg: the B2BUA ends the bridge; that is no successful call.
        Map<String, String> line = bridgeThat(new B2buaEvent.TornDown("b1", Leg.INCOMING,
                "consent lost on the incoming leg after 30000 ms", new RelayCounts(1500, 0, 1500, 0, 0, 30_000, 30),
                true));

        assertEquals("failed", line.get("status"));
        assertEquals("consent_lost_on_the_incoming_leg_after_30000_ms", line.get("reason"));
    }

    @Test
    void aBridgeWhosePeerWentSilentFailsWithTheGap() {
        Map<String, String> line = bridgeThat(new B2buaEvent.TornDown("b1", Leg.OUTGOING, "BYE received",
                new RelayCounts(250, 0, 120, 0, 0, 40, 2_600), false));

        assertEquals("failed", line.get("status"));
        assertEquals("media_gap", line.get("reason"));
        assertEquals("2600", line.get("media_gap_out_ms"));
    }

    @Test
    void aCallThatWasNeverBridgedFailsAndDoesNotCount() {
        printer.onEvent(new B2buaEvent.TornDown("b2", Leg.INCOMING, "CANCEL received", RelayCounts.NONE, false));
        printer.onEvent(new B2buaEvent.Rejected("b3", 404, "No route"));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("RESULT status=failed reason=CANCEL_received bridge=b2"), out);
        assertTrue(out.contains("RESULT status=failed reason=rejected_404 bridge=b3"), out);
        assertEquals(0, finished.size(), "junk and failed attempts do not use --calls up");
    }

    private Map<String, String> bridgeThat(B2buaEvent.TornDown down) {
        printer.onEvent(new B2buaEvent.OutgoingLegStarted("b1", "sip:bob@127.0.0.1", Duration.ofMillis(2)));
        printer.onEvent(new B2buaEvent.Bridged("b1", Duration.ofMillis(420)));
        printer.onEvent(down);
        String result = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("RESULT "))
                .findFirst().orElseThrow();
        return SipiceProcess.parseResult(result);
    }
}

package org.sipice.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sip.header.ViaHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.sip.SipTransport;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Sipp;
import org.sipice.testing.TestUserAgent;

/**
 * A real peer over TCP: SIPp ({@code -t t1}, one TCP connection) calls sipice listening on TCP
 * with the scenario of SippScenariosTest, and every message of the ladder travels on that
 * connection (RFC 3261 §18: responses go back on the connection the request came on).
 *
 * <pre>
 *   SIPp (TCP)                                sipice Bob (TCP)
 *     INVITE (offer)                       -->
 *                                          <-- 100 Trying (answer)
 *                                          <-- 183 Session Progress (answer, 100rel)
 *     PRACK                                -->
 *                                          <-- 200 OK (PRACK)
 *                                          <-- 180 Ringing   (gate timeout: SIPp does no ICE)
 *                                          <-- 200 OK (answer)
 *     ACK, BYE                             -->
 *                                          <-- 200 OK (BYE)
 * </pre>
 */
@Timeout(120)
class SippOverTcpTest {
    private static final Path SCENARIOS = Path.of("examples", "sipp");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void sippCallsSipiceOverTcpAndTheWholeLadderFlows() throws Exception {
        CallRecorder bob = new CallRecorder(true);
        try (TestUserAgent ua = TestUserAgent.start("bob", bob, c -> c.toBuilder()
                        .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).ringingGateTimeout(Duration.ofMillis(800))
                        .build(), SipTransport.TCP);
                Sipp sipp = Sipp.start(SCENARIOS.resolve("uac-calls-sipice.xml"), "127.0.0.1:" + ua.sip().port(),
                        "bob", true)) {
            assertEquals(0, sipp.awaitExit(DEADLINE), sipp.diagnostics());

            assertEquals(List.of(
                    "-> INVITE +SDP",
                    "<- 100 Trying (INVITE) +SDP",
                    "<- 183 Session Progress (INVITE) [100rel] +SDP",
                    "-> PRACK",
                    "<- 200 OK (PRACK)",
                    "<- 180 Ringing (INVITE)",
                    "<- 200 OK (INVITE) +SDP",
                    "-> ACK",
                    "-> BYE",
                    "<- 200 OK (BYE)"), sipp.ladder());
            Call call = bob.awaitIncoming(DEADLINE);
            assertEquals("TCP", ((ViaHeader) call.incomingInvite().orElseThrow().getHeader(ViaHeader.NAME))
                    .getTransport());
            CallEvent.Ended ended = (CallEvent.Ended) bob.await(e -> e instanceof CallEvent.Ended, DEADLINE, "end");
            assertTrue(!ended.failure(), ended.toString());
        }
    }
}

package org.sipice.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.Baresip;
import org.sipice.testing.BaresipNetwork;
import org.sipice.testing.SipiceProcess;

/**
 * baresip as the callee behind the sipice B2BUA, all three in a private network namespace:
 * {@code sipice call} → {@code sipice b2bua} → baresip ({@code answermode=auto}). Each leg runs
 * its own ICE (baresip's checks start on the B2BUA's offer, ours on baresip's 200), and the
 * B2BUA relays baresip's tone to the caller and the caller's tone to baresip.
 */
@Timeout(120)
class BaresipBehindB2buaTest {
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofSeconds(20);
    @RegisterExtension
    static final BaresipNetwork network = BaresipNetwork.named("b2");

    @Test
    void sipiceCallsBaresipThroughTheB2bua_iceOnBothLegsMediaRelayedBothWays() throws Exception {
        try (Baresip bob = Baresip.start(network.ns(), "bob", 5180, Baresip.AnswerMode.AUTO, "");
                SipiceProcess b2bua = SipiceProcess.start(network.ns(), "b2bua", "--listen", network.ns().address() + ":5190",
                        "--to", bob.uri(), "--calls", "1", "--wait", "60")) {
            String b2buaUri = b2bua.awaitListening(START);
            try (SipiceProcess alice = SipiceProcess.start(network.ns(), "call", b2buaUri, "--listen",
                    network.ns().address() + ":5194", "--hold", "3")) {
                Map<String, String> call = alice.awaitResult(CALL);
                Map<String, String> bridge = b2bua.awaitResult(CALL);
                String all = alice.output() + "\n--- b2bua:\n" + b2bua.output() + "\n--- baresip:\n" + bob.output();

                assertEquals("ok", call.get("status"), all);
                assertEquals("completed", call.get("ice"), all);
                assertEquals("ok", bridge.get("status"), all);
                assertNotEquals(bridge.get("in_ufrag"), bridge.get("out_ufrag"), "one ICE session per leg: " + bridge);
                // The caller's tone reached baresip and baresip's tone reached the caller, through the relay.
                assertTrue(Long.parseLong(bridge.get("relayed_to_outgoing")) >= 50, bridge.toString());
                assertTrue(Long.parseLong(bridge.get("relayed_to_incoming")) >= 25, bridge.toString());
                assertTrue(Integer.parseInt(call.get("media_received")) >= 25, "baresip's tone at the caller: " + call);
                bob.await(Baresip.ICE_COMPLETE, Duration.ofSeconds(5));
                bob.await(Baresip.RTP_RECEIVED, Duration.ofSeconds(5));
                assertEquals("incoming", bridge.get("cause"), "the caller hung up: " + bridge);
                assertEquals(0, b2bua.awaitExit(Duration.ofSeconds(10)), all);
            }
        }
    }
}

package org.sipice.ipv6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Ipv6Link;
import org.sipice.testing.SipiceProcess;

/**
 * A real call between two {@code sipice} processes in namespaces of their own (root only,
 * {@link Ipv6Link}): Alice has an IPv6 unique local address and nothing else, Bob is dual stack
 * and lists his IPv4 address first. Pairs form only within one family (RFC 8445 §6.1.2.2), so
 * every pair checked is IPv6, the call completes over IPv6 and media flows both ways, although
 * Bob's default candidate ({@code c=}) is IPv4 (RFC 8445 §5.1.4).
 */
class Ipv6OnlyCallsDualStackTest {
    private static final Duration CALL = Duration.ofSeconds(60);

    @Test
    void anIpv6OnlyAliceCallsADualStackBobAndTheyTalkOverIpv6() throws Exception {
        try (Ipv6Link link = Ipv6Link.create();
                SipiceProcess bob = SipiceProcess.startIn(link.b(), "answer", "--listen", "[" + Ipv6Link.B6 + "]:5060",
                        "--host-addresses", Ipv6Link.B4 + "," + Ipv6Link.B6, "--user", "bob", "--calls", "1",
                        "--hold", "0", "--wait", "60")) {
            String uri = bob.awaitListening(CALL);
            try (SipiceProcess alice = SipiceProcess.startIn(link.a(), "call", uri, "--listen",
                    "[" + Ipv6Link.A6 + "]:5062", "--user", "alice", "--hold", "1")) {
                Map<String, String> aliceResult = alice.awaitResult(CALL);
                Map<String, String> bobResult = bob.awaitResult(CALL);

                assertEquals("ok", aliceResult.get("status"), alice.output());
                assertEquals("ok", bobResult.get("status"), bob.output());
                // Bob offers both families (4 host candidates); only his IPv6 ones pair with Alice's.
                assertTrue(bob.output().contains("gathered 4 candidates"), bob.output());
                assertTrue(alice.output().contains("checks started as controlling agent, 2 pairs"), alice.output());
                List<String> selected = alice.output().lines().filter(l -> l.contains("pair SELECTED")).toList();
                assertEquals(2, selected.size(), alice.output());
                for (String line : selected) {
                    assertTrue(line.contains("-> [fd00:6:0:0:0:0:0:2]:"), line);
                }
                // Media both ways (the RESULT counters are RTP packets sent and received).
                assertTrue(Integer.parseInt(aliceResult.get("media_received")) > 0, aliceResult.toString());
                assertTrue(Integer.parseInt(bobResult.get("media_received")) > 0, bobResult.toString());
            }
        }
    }
}

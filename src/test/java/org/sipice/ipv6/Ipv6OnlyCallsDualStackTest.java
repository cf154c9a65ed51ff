package org.sipice.ipv6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Ipv6Link;
import org.sipice.testing.SipiceProcess;

/**
 * Real calls between two {@code sipice} processes in namespaces of their own (root only,
 * {@link Ipv6Link}): one side has an IPv6 unique local address and nothing else, the other is
 * dual stack and lists its IPv4 address first. Pairs form only within one family (RFC 8445
 * §6.1.2.2), so every pair checked is IPv6, the call completes over IPv6 and media flows both
 * ways, although the dual-stack side's default candidate ({@code c=}) is IPv4 (RFC 8445 §5.1.4).
 */
class Ipv6OnlyCallsDualStackTest {
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final String DUAL_HOSTS = Ipv6Link.B4 + "," + Ipv6Link.B6;
    private static Ipv6Link link;

    @BeforeAll
    static void link() throws Exception {
        link = Ipv6Link.create();
    }

    @AfterAll
    static void unlink() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void anIpv6OnlyAliceCallsADualStackBobAndTheyTalkOverIpv6() throws Exception {
        try (SipiceProcess bob = answer(link.b(), "[" + Ipv6Link.B6 + "]:5060", "--host-addresses", DUAL_HOSTS);
                SipiceProcess alice = call(link.a(), bob.awaitListening(CALL), "[" + Ipv6Link.A6 + "]:5062")) {
            talkedOverIpv6(alice, bob, alice, "controlling");
            // Bob offers both families (4 host candidates); only his IPv6 ones pair with Alice's.
            assertTrue(bob.output().contains("gathered 4 candidates"), bob.output());
        }
    }

    @Test
    void aDualStackAliceCallsAnIpv6OnlyBobAndTheyTalkOverIpv6DespiteHerIpv4Default() throws Exception {
        try (SipiceProcess bob = answer(link.a(), "[" + Ipv6Link.A6 + "]:5070");
                SipiceProcess alice = call(link.b(), bob.awaitListening(CALL), "[" + Ipv6Link.B6 + "]:5072",
                        "--host-addresses", DUAL_HOSTS)) {
            talkedOverIpv6(alice, bob, bob, "controlled");
            assertTrue(alice.output().contains("gathered 4 candidates"), alice.output());
        }
    }

    private static SipiceProcess answer(String namespace, String listen, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("answer", "--listen", listen, "--user", "bob",
                "--calls", "1", "--hold", "0", "--wait", "60"));
        args.addAll(List.of(more));
        return SipiceProcess.startIn(namespace, args.toArray(String[]::new));
    }

    private static SipiceProcess call(String namespace, String uri, String listen, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("call", uri, "--listen", listen, "--user", "alice",
                "--hold", "1"));
        args.addAll(List.of(more));
        return SipiceProcess.startIn(namespace, args.toArray(String[]::new));
    }

    /** Both calls ended well, the IPv6-only side checked 2 pairs (IPv6), selected IPv6, media both ways. */
    private static void talkedOverIpv6(SipiceProcess alice, SipiceProcess bob, SipiceProcess ipv6Only, String role)
            throws Exception {
        Map<String, String> aliceResult = alice.awaitResult(CALL);
        Map<String, String> bobResult = bob.awaitResult(CALL);
        assertEquals("ok", aliceResult.get("status"), alice.output());
        assertEquals("ok", bobResult.get("status"), bob.output());
        assertTrue(ipv6Only.output().contains("checks started as " + role + " agent, 2 pairs"), ipv6Only.output());
        for (SipiceProcess side : List.of(alice, bob)) {
            List<String> selected = side.output().lines().filter(l -> l.contains("pair SELECTED")).toList();
            assertEquals(2, selected.size(), side.output());
            for (String line : selected) {
                assertTrue(line.matches(".*\\[fd00:6:0:0:0:0:0:[12]\\]:\\d+ -> \\[fd00:6:0:0:0:0:0:[12]\\]:\\d+.*"), line);
            }
        }
        // Media both ways (the RESULT counters are RTP packets sent and received).
        assertTrue(Integer.parseInt(aliceResult.get("media_received")) > 0, aliceResult.toString());
        assertTrue(Integer.parseInt(bobResult.get("media_received")) > 0, bobResult.toString());
        System.out.println("IPv6-only " + role + ": caller setup_ms=" + aliceResult.get("setup_ms") + " ice_ms="
                + aliceResult.get("ice_ms") + ", callee setup_ms=" + bobResult.get("setup_ms") + " (docs/nat-matrix.md)");
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;

/**
 * Host candidates on real sockets, loopback only: a dual-stack pair (127.0.0.1 and ::1) gives two
 * host candidates per component with distinct priorities (ice4j alone gives them equal ones), and
 * two such sessions connect over the preferred one.
 */
class HostCandidatesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private IceSession alice;
    private IceSession bob;

    private static IceConfig.Builder dualStackLoopback() throws Exception {
        return IceConfig.builder().hostAddresses(List.of(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("::1")));
    }

    @AfterEach
    void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    void twoHostAddressesGiveTwoCandidatesPerComponentWithDistinctPriorities() throws Exception {
        alice = IceSession.create(dualStackLoopback().build(), IceRole.CONTROLLING, null);

        LocalIce local = await(alice.gather(), DEADLINE);

        for (int component = 1; component <= 2; component++) {
            List<IceCandidate> hosts = hostsOf(local, component);
            assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"),
                    hosts.stream().map(IceCandidate::address).collect(Collectors.toList()));
            // RFC 8445 §5.1.2.1: 65535 for the most preferred address, unique local preferences.
            assertEquals((126L << 24) + (65535L << 8) + (256 - component), hosts.get(0).priority());
            assertEquals((126L << 24) + (65534L << 8) + (256 - component), hosts.get(1).priority());
        }
        assertEquals(4, local.candidates().stream().map(IceCandidate::priority).distinct().count(),
                "every candidate of the session has its own priority: " + local.candidates());
    }

    @Test
    void aDualStackPairConnectsOverTheHighestPriorityPairAndBothEndsAgree() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        alice = IceSession.create(dualStackLoopback().build(), IceRole.CONTROLLING, aliceEvents);
        bob = IceSession.create(dualStackLoopback().build(), IceRole.CONTROLLED, null);

        IcePeers.connect(alice, bob, DEADLINE);

        // Two pairs per component (pairs only form within a family, RFC 8445 §6.1.2.2).
        assertEquals(4, aliceEvents.await(IceEvent.ChecksStarted.class, DEADLINE).pairCount());
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo a = alice.selectedPair(component).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(component).orElseThrow();
            assertEquals(a.local().port(), b.remote().port());
            assertEquals(a.remote().port(), b.local().port());
            // Checks go in pair-priority order (RFC 8445 §6.1.4.2): the IPv4 pair is first and wins.
            assertEquals("127.0.0.1", a.local().address(), a.toString());
        }
    }

    @Test
    void ipv6OffAndTheCapLeaveOneHostCandidatePerComponent() throws Exception {
        for (IceConfig config : List.of(dualStackLoopback().ipv6(false).build(),
                dualStackLoopback().maxHostCandidates(1).build())) {
            try (IceSession s = IceSession.create(config, IceRole.CONTROLLED, null)) {
                LocalIce local = await(s.gather(), DEADLINE);
                for (int component = 1; component <= 2; component++) {
                    List<IceCandidate> hosts = hostsOf(local, component);
                    assertEquals(1, hosts.size(), hosts.toString());
                    assertEquals("127.0.0.1", hosts.get(0).address());
                    // RFC 8445 §5.1.2.1: a single address gets local preference 65535.
                    assertEquals((126L << 24) + (65535L << 8) + (256 - component), hosts.get(0).priority());
                }
            }
        }
    }

    @Test
    void ipv6LoopbackAloneIsEnough() throws Exception {
        IceConfig v6 = IceConfig.builder().addHostAddress(InetAddress.getByName("::1")).build();
        alice = IceSession.create(v6, IceRole.CONTROLLING, null);
        bob = IceSession.create(v6, IceRole.CONTROLLED, null);

        IcePeers.connect(alice, bob, DEADLINE);

        assertEquals("0:0:0:0:0:0:0:1", alice.selectedPair(1).orElseThrow().local().address());
        assertTrue(alice.selectedPair(2).isPresent());
    }

    private static List<IceCandidate> hostsOf(LocalIce local, int component) {
        return local.candidates().stream()
                .filter(c -> c.componentId() == component && c.type() == CandidateType.HOST)
                .sorted((x, y) -> Long.compare(y.priority(), x.priority()))
                .collect(Collectors.toList());
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceEvent.ChecksStarted;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.IcePeers;
import org.sipice.testing.MediaFlow;
import org.sipice.testing.SessionPair;

/**
 * IPv6 and dual stack on loopback (127.0.0.1 and ::1), with coturn listening and relaying on both:
 * pairs form within one address family (RFC 8445 §6.1.2.2), IPv6 ranks first (RFC 8421 §4), and
 * TURN gives IPv6 relays (RFC 8656 §7.1) or both families from one dual allocation.
 */
class DualStackSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private static final InetAddress V6 = ipv6Loopback();

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().dualStack());

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IceConfig.Builder hosts(InetAddress... addresses) {
        return IceConfig.builder().hostAddresses(List.of(addresses)).gatheringTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aDualStackAliceCallsAnIpv6OnlyBobAndOnlyIpv6PairsAreChecked() throws Exception {
        IceSession alice = peers.alice(hosts(V4, V6).build());
        IceSession bob = peers.bob(hosts(V6).build());

        IcePeers.connect(alice, bob, DEADLINE);

        // RFC 8445 §6.1.2.2: Alice's IPv4 host never pairs with Bob's IPv6 one: one pair per component.
        assertEquals(2, peers.aliceEvents().await(ChecksStarted.class, DEADLINE).pairCount());
        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo pair = alice.selectedPair(component).orElseThrow();
            assertTrue(pair.local().isIpv6() && pair.remote().isIpv6(), pair.toString());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
    }

    @Test
    void anIpv6OnlySessionGetsAnIpv6RelayFromAnIpv6TurnServer() throws Exception {
        IceSession alice = peers.alice(hosts(V6).addTurnServer(coturn.server().turnServer6()).build());

        LocalIce local = await(alice.gather(), DEADLINE);

        List<IceCandidate> relays = local.candidates().stream().filter(c -> c.type() == CandidateType.RELAY).toList();
        assertEquals(2, relays.size(), local.toString());
        assertTrue(relays.stream().allMatch(IceCandidate::isIpv6), "RFC 8656 §7.1 REQUESTED-ADDRESS-FAMILY: " + relays);
    }

    @Test
    void ipv6OnlyRelayOnlyPeersTalkThroughCoturnOnIpv6() throws Exception {
        IceConfig relayOnly = hosts(V6).addTurnServer(coturn.server().turnServer6()).relayOnly(true).build();
        IceSession alice = peers.alice(relayOnly);
        IceSession bob = peers.bob(relayOnly);

        IcePeers.connect(alice, bob, DEADLINE);

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo pair = alice.selectedPair(component).orElseThrow();
            assertEquals("relay/udp-relay/udp", pair.typeSummary());
            assertTrue(pair.local().isIpv6() && pair.remote().isIpv6(), pair.toString());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
    }

    @Test
    void dualStackRelayOnlyPeersGetARelayOfEachFamilyAndTalkOverTheIpv6Ones() throws Exception {
        IceConfig relayOnly = hosts(V4, V6).addTurnServer(coturn.server().turnServer()).relayOnly(true).build();
        IceSession alice = peers.alice(relayOnly);
        IceSession bob = peers.bob(relayOnly);

        LocalIce offer = await(alice.gather(), DEADLINE);

        // One dual allocation per component (RFC 8656 §7.1): an IPv4 and an IPv6 relayed candidate,
        // the IPv6 one of higher priority (RFC 8421 §4), the default in c= still IPv4 (RFC 8445 §5.1.4).
        for (int component = 1; component <= 2; component++) {
            int c = component;
            List<IceCandidate> relays = offer.candidates().stream().filter(x -> x.componentId() == c).toList();
            assertEquals(2, relays.size(), offer.toString());
            assertTrue(relays.get(0).isIpv6() && !relays.get(1).isIpv6(), relays.toString());
            assertTrue(relays.get(0).priority() > relays.get(1).priority(), relays.toString());
            assertTrue(offer.defaults().get(component).address().indexOf(':') < 0, offer.defaults().toString());
        }
        IcePeers.connect(alice, bob, DEADLINE);

        for (int component = 1; component <= 2; component++) {
            CandidatePairInfo pair = alice.selectedPair(component).orElseThrow();
            assertEquals("relay/udp-relay/udp", pair.typeSummary());
            assertTrue(pair.local().isIpv6() && pair.remote().isIpv6(), pair.toString());
        }
        try (MediaFlow media = MediaFlow.between(alice, bob, 2)) {
            media.exchange(10, Duration.ofSeconds(5));
        }
    }
}

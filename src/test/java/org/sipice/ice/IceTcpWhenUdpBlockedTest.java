package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.Coturn;
import org.sipice.testing.CoturnFixture;
import org.sipice.testing.SessionPair;

/**
 * Host TCP candidates are signalled when UDP is blocked (issue 13), though {@code sipice.ice-tcp}
 * is off: when the profile says so ({@code sipice.udp-blocked}), and when the gathering shows it,
 * the STUN server silent over UDP while coturn allocated over TCP (RFC 8656 §3.1).
 */
class IceTcpWhenUdpBlockedTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().tcp());

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);

    private static Set<String> tcpTypes(LocalIce local) {
        return local.candidates().stream().filter(IceCandidate::isTcp).map(IceCandidate::tcpType)
                .collect(Collectors.toSet());
    }

    @Test
    void aProfileThatSaysUdpIsBlockedSignalsTheTcpCandidates() throws Exception {
        LocalIce offer = await(peers.alice(IceConfig.builder().addHostAddress(LOOPBACK).udpBlocked(true).build())
                .gather(), DEADLINE);
        assertEquals(Set.of("active", "passive"), tcpTypes(offer));
    }

    @Test
    void aSilentStunServerAndATurnAllocationOverTcpSignalTheTcpCandidates() throws Exception {
        // A STUN server that never answers: a bound UDP socket nobody reads, as a firewall dropping UDP.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK)
                    .addStunServer(new StunServer((InetSocketAddress) silent.getLocalSocketAddress()))
                    .addTurnServer(coturn.server().tcpTurnServer()).gatheringTimeout(Duration.ofSeconds(2)).build();

            LocalIce offer = await(peers.alice(config).gather(), DEADLINE);

            List<CandidateType> types = offer.candidates().stream().filter(c -> c.componentId() == 1)
                    .map(IceCandidate::type).toList();
            assertTrue(types.contains(CandidateType.RELAY), offer.candidates().toString());
            assertTrue(!types.contains(CandidateType.SRFLX), offer.candidates().toString());
            assertEquals(Set.of("active", "passive"), tcpTypes(offer));
        }
    }

    @Test
    void aSilentStunServerIsGivenUpOnSoonAfterTheTcpAllocationNotAtTheDeadline() throws Exception {
        // Nothing over UDP, coturn over TCP within a few ms on loopback: the gathering ends one
        // Binding RTO plus twice that allocation time after its start (UdpBlockedDetection.fairWait),
        // which the STUN server's failure reports, instead of at its 2 s deadline.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK)
                    .addStunServer(new StunServer((InetSocketAddress) silent.getLocalSocketAddress()))
                    .addTurnServer(coturn.server().tcpTurnServer()).gatheringTimeout(Duration.ofSeconds(2)).build();

            await(peers.alice(config).gather(), DEADLINE);

            IceEvent.ServerFailed failed = peers.aliceEvents().await(IceEvent.ServerFailed.class, DEADLINE);
            java.util.regex.Matcher ms = java.util.regex.Pattern.compile("deadline of (\\d+) ms").matcher(failed.reason());
            assertTrue(ms.find(), failed.reason());
            long cutAfter = Long.parseLong(ms.group(1));
            assertTrue(cutAfter >= 100 && cutAfter < 2000, failed.reason());
        }
    }

    @Test
    void aProfileThatSaysUdpIsBlockedAsksNoStunServer() throws Exception {
        // sipice.udp-blocked: a Binding request over UDP could only go unanswered; none is sent.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            silent.setSoTimeout(200);
            IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).udpBlocked(true)
                    .addStunServer(new StunServer((InetSocketAddress) silent.getLocalSocketAddress()))
                    .addTurnServer(coturn.server().tcpTurnServer()).gatheringTimeout(Duration.ofSeconds(2)).build();

            LocalIce offer = await(peers.alice(config).gather(), DEADLINE);

            assertTrue(offer.candidates().stream().anyMatch(c -> c.type() == CandidateType.RELAY),
                    offer.candidates().toString());
            assertTrue(peers.aliceEvents().ofType(IceEvent.ServerFailed.class).isEmpty(),
                    peers.aliceEvents().names().toString());
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, () -> silent.receive(p));
        }
    }

    @Test
    void aStunServerThatAnswersOverUdpLeavesTheTcpCandidatesOut() throws Exception {
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(new InetSocketAddress(LOOPBACK, 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("203.0.113.5")))) {
            IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).addStunServer(new StunServer(stun.address()))
                    .addTurnServer(coturn.server().tcpTurnServer()).gatheringTimeout(Duration.ofSeconds(2)).build();

            LocalIce offer = await(peers.alice(config).gather(), DEADLINE);

            assertTrue(offer.candidates().stream().anyMatch(c -> c.type() == CandidateType.SRFLX),
                    offer.candidates().toString());
            assertEquals(Set.of(), tcpTypes(offer));
        }
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Coturn;
import org.sipice.testing.IcePeers;

/**
 * Stats of a relayed call (coturn on loopback): Bob's selected pair's local candidate is his relay,
 * with the TURN server as its url and udp as its relay protocol, and the pair counts the checks and
 * the media that went through the relay.
 */
class RelayedPairStatsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void bobsRelayedPairNamesItsTurnServerAndCountsChecksAndMedia() throws Exception {
        try (Coturn coturn = Coturn.settings().start();
                IceSession alice = IceSession.create(IceConfig.builder().addHostAddress(LOOPBACK).build(),
                        IceRole.CONTROLLING, null);
                IceSession bob = IceSession.create(IceConfig.builder().addHostAddress(LOOPBACK)
                        .addTurnServer(coturn.turnServer()).relayOnly(true).build(), IceRole.CONTROLLED, null)) {
            IcePeers.connect(alice, bob, DEADLINE);
            CountDownLatch atBob = new CountDownLatch(3);
            bob.media().receive((c, data, len, from) -> atBob.countDown());
            byte[] packet = new byte[100];
            for (int i = 0; i < 3; i++) {
                alice.media().send(1, packet, 0, packet.length);
            }
            assertTrue(atBob.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "media through the relay");

            IceStats stats = bob.stats();
            IceCandidatePairStats rtp = stats.selectedPair(1).orElseThrow();
            IceCandidateStats relay = stats.candidate(rtp.localCandidateId()).orElseThrow();
            assertEquals("relay", relay.candidateType(), relay.toString());
            assertEquals("udp", relay.relayProtocol());
            String server = coturn.turnServer().address().getAddress().getHostAddress() + ":"
                    + coturn.turnServer().address().getPort();
            assertEquals("turn:" + server + "?transport=udp", relay.url());
            assertTrue(rtp.nominated() && rtp.requestsReceived() > 0 && rtp.responsesSent() > 0, rtp.toString());
            assertEquals(3, rtp.packetsReceived(), rtp.toString());
            assertEquals(300, rtp.bytesReceived(), rtp.toString());
        }
    }
}

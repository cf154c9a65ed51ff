package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.StunServer;
import org.sipice.ice.TurnServer;

/**
 * When a gathering says UDP is blocked: asked over UDP, nothing answered over UDP, and a relay
 * came over TCP or over TLS (RFC 8656 §3.1; a {@code turns:} URL runs over TCP, RFC 7065 §3.1).
 */
class UdpBlockedDetectionTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);
    private static final IceConfig STUN_AND_TLS_TURN = IceConfig.builder()
            .addStunServer(new StunServer(SERVER))
            .addTurnServer(TurnServer.tls(new InetSocketAddress("127.0.0.1", 5349), "u", "p"))
            .build();

    @Test
    void aSilentStunServerAndARelayOverTlsMeanUdpIsBlocked() {
        assertTrue(UdpBlockedDetection.udpBlocked(STUN_AND_TLS_TURN, List.of(gathered("turns:127.0.0.1:5349?transport=tcp"))));
    }

    @Test
    void aSilentStunServerAndARelayOverTcpMeanUdpIsBlocked() {
        assertTrue(UdpBlockedDetection.udpBlocked(STUN_AND_TLS_TURN, List.of(gathered("turn:127.0.0.1:3478?transport=tcp"))));
    }

    @Test
    void anAnswerOverUdpMeansUdpWorks() {
        assertFalse(UdpBlockedDetection.udpBlocked(STUN_AND_TLS_TURN, List.of(
                gathered("stun:127.0.0.1:3478"), gathered("turns:127.0.0.1:5349?transport=tcp"))));
        assertFalse(UdpBlockedDetection.udpBlocked(STUN_AND_TLS_TURN, List.of(
                gathered("turn:127.0.0.1:3478?transport=udp"), gathered("turn:127.0.0.1:3478?transport=tcp"))));
    }

    @Test
    void noRelayOverAStreamMeansNothingIsKnown() {
        assertFalse(UdpBlockedDetection.udpBlocked(STUN_AND_TLS_TURN, List.of()));
    }

    @Test
    void withNothingAskedOverUdpNothingIsKnown() {
        IceConfig tlsOnly = IceConfig.builder()
                .addTurnServer(TurnServer.tls(new InetSocketAddress("127.0.0.1", 5349), "u", "p")).build();
        assertFalse(UdpBlockedDetection.udpBlocked(tlsOnly, List.of(gathered("turns:127.0.0.1:5349?transport=tcp"))));
    }

    private static GatheredCandidate gathered(String url) {
        return new GatheredCandidate(null, null, SERVER, url);
    }
}

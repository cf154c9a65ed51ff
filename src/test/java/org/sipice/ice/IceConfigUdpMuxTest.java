package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link IceConfig#udpMux()}: off by default, kept by toBuilder, a real local address or nothing. */
class IceConfigUdpMuxTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10000);

    @Test
    void offByDefaultKeptByToBuilderAndClearedWithNull() {
        assertEquals(Optional.empty(), IceConfig.builder().build().udpMux());
        IceConfig muxed = IceConfig.builder().udpMux(SERVER).build();
        assertEquals(Optional.of(SERVER), muxed.udpMux());
        assertEquals(Optional.of(SERVER), muxed.toBuilder().ta(java.time.Duration.ofMillis(50)).build().udpMux());
        assertEquals(Optional.empty(), muxed.toBuilder().udpMux(null).build().udpMux());
        assertTrue(muxed.toString().contains("udp-mux=" + SERVER), muxed.toString());
    }

    @Test
    void theWildcardAndAnUnresolvedNameAreRefused() {
        IllegalArgumentException wildcard = assertThrows(IllegalArgumentException.class,
                () -> IceConfig.builder().udpMux(new InetSocketAddress(10000)));
        assertTrue(wildcard.getMessage().startsWith("udp-mux needs a local IP address"), wildcard.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> IceConfig.builder().udpMux(InetSocketAddress.createUnresolved("sbc.example.com", 10000)));
    }
}

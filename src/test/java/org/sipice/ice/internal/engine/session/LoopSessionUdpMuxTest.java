package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.testing.Closer;
import org.sipice.testing.IcePeers;

/**
 * Single-port mode ({@code sipice.udp-mux}): Alice and Carol share one UDP port of the process
 * and call Bob and Dave, who have ports of their own, at the same time; each call's checks and
 * media reach the right session.
 */
class LoopSessionUdpMuxTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Closer closer = new Closer();

    private LoopSession session(IceConfig config, IceRole role) {
        return closer.add(new LoopSession(config, role, null));
    }

    @Test
    void twoSessionsOnOneSharedPortEachCompleteWithTheirOwnPeerAndGetOnlyTheirOwnMedia() throws Exception {
        // Port 0: the first session binds any free port, and every session naming 127.0.0.1:0 shares it.
        IceConfig muxed = IceConfig.builder().rtcpMux(true).udpMux(new InetSocketAddress(LOOPBACK, 0)).build();
        IceConfig own = IceConfig.builder().rtcpMux(true).addHostAddress(LOOPBACK).build();
        LoopSession alice = session(muxed, IceRole.CONTROLLING);
        LoopSession carol = session(muxed, IceRole.CONTROLLING);
        LoopSession bob = session(own, IceRole.CONTROLLED);
        LoopSession dave = session(own, IceRole.CONTROLLED);

        LocalIce aliceOffer = await(alice.gather(), DEADLINE);
        LocalIce carolOffer = await(carol.gather(), DEADLINE);
        assertEquals(aliceOffer.candidates().get(0).transportAddr(), carolOffer.candidates().get(0).transportAddr(),
                "one shared port");

        IcePeers.connect(alice, bob, DEADLINE);
        IcePeers.connect(carol, dave, DEADLINE);

        BlockingQueue<String> atAlice = new LinkedBlockingQueue<>();
        BlockingQueue<String> atCarol = new LinkedBlockingQueue<>();
        alice.media().receive((c, data, len, from) -> atAlice.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        carol.media().receive((c, data, len, from) -> atCarol.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        BlockingQueue<String> atBob = new LinkedBlockingQueue<>();
        bob.media().receive((c, data, len, from) -> atBob.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        send(bob, "from bob");
        send(dave, "from dave");
        send(alice, "from alice");

        assertEquals("from bob", atAlice.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("from dave", atCarol.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("from alice", atBob.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(atAlice.isEmpty() && atCarol.isEmpty(), atAlice + " " + atCarol);
    }

    private static void send(IceSession s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.media().send(1, b, 0, b.length);
    }
}

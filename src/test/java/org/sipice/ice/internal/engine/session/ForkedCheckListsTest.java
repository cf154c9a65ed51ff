package org.sipice.ice.internal.engine.session;

import static org.sipice.testing.Await.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.TransportAddr;
import org.sipice.testing.Closer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;

/**
 * A forked offer on the real engine over loopback (RFC 8839 §7.3, RFC 3261 §13.2.2.4), with
 * ports of its own and under {@code sipice.udp-mux}:
 *
 * <pre>
 *   Alice (one offer: one gathering, one ufrag/pwd)        desk            mobile
 *   offer  ------------------------------------------------>  answer A
 *   offer  ------------------------------------------------------------->  answer B
 *   check list 1 (the offering session) <-- checks "alice:A" -- desk
 *   check list 2 (Alice's fork of it)   <-- checks "alice:B" -- mobile
 *   both complete, each with its own peer; media from each reaches its own check list
 *   the mobile's check list is released: the desk's keeps the ports and its media
 * </pre>
 */
class ForkedCheckListsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Closer closer = new Closer();

    private <T extends IceSession> T kept(T session) {
        return closer.add(session);
    }

    @ParameterizedTest(name = "udp-mux: {0}")
    @ValueSource(booleans = {false, true})
    void twoForksCheckAgainstOneOfferEachGetsItsOwnMediaAndTheLoserIsFreedAlone(boolean udpMux) throws Exception {
        IceConfig own = IceConfig.builder().rtcpMux(true).addHostAddress(LOOPBACK).build();
        // Port 0: any free port, shared by every muxed session of this process naming 127.0.0.1:0.
        IceConfig alices = udpMux ? IceConfig.builder().rtcpMux(true).udpMux(new InetSocketAddress(LOOPBACK, 0)).build()
                : own;
        EventRecorder deskList = new EventRecorder();
        EventRecorder mobileList = new EventRecorder();
        LoopSession alice = kept(new LoopSession(alices, IceRole.CONTROLLING, deskList));
        LoopSession desk = kept(new LoopSession(own, IceRole.CONTROLLED, null));
        LoopSession mobile = kept(new LoopSession(own, IceRole.CONTROLLED, null));

        // Alice offers: one gathering.
        LocalIce offer = await(alice.gather(), DEADLINE);
        int alicePorts = alice.openHostPorts();
        // The mobile's answer comes second: a further check list on the same candidates.
        LoopSession aliceToMobile = kept(alice.fork(IceRole.CONTROLLING, mobileList));
        LocalIce forked = await(aliceToMobile.gather(), DEADLINE);
        assertEquals(offer, forked, "the fork's check list has the offer's candidates and credentials");
        assertEquals(alicePorts, alice.openHostPorts(), "no port of its own");
        assertEquals(2, alice.checkListsSharing());

        // Both answer the one offer and check; Alice checks each answer on its own check list.
        IcePeers.ForkAnswers answers = IcePeers.connectForks(offer, alice, aliceToMobile, desk, mobile, DEADLINE);
        LocalIce deskAnswer = answers.first();
        LocalIce mobileAnswer = answers.fork();

        // Each check list selected its own fork, from the one local candidate.
        assertEquals(host(deskAnswer), alice.selectedPair(1).orElseThrow().remote().transportAddr());
        assertEquals(host(mobileAnswer), aliceToMobile.selectedPair(1).orElseThrow().remote().transportAddr());
        assertEquals(alice.selectedPair(1).orElseThrow().local().transportAddr(),
                aliceToMobile.selectedPair(1).orElseThrow().local().transportAddr());

        // Media from each fork reaches its own check list only (RFC 8839 §7.3: by 5-tuple).
        BlockingQueue<String> atAliceFromDesk = received(alice);
        BlockingQueue<String> atAliceFromMobile = received(aliceToMobile);
        BlockingQueue<String> atDesk = received(desk);
        send(desk, "desk 1");
        send(mobile, "mobile 1");
        assertEquals("desk 1", atAliceFromDesk.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("mobile 1", atAliceFromMobile.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

        // The desk answers 200 OK: the mobile's check list is released, and only it.
        aliceToMobile.close();
        mobileList.await(IceEvent.Closed.class, DEADLINE);
        assertEquals(IceState.CLOSED, aliceToMobile.state());
        assertEquals(1, alice.checkListsSharing());
        assertEquals(alicePorts, alice.openHostPorts(), "the desk's check list keeps the ports");
        assertEquals(IceState.COMPLETED, alice.state());
        assertTrue(deskList.ofType(IceEvent.Closed.class).isEmpty());

        // The winner's media still flows both ways on its selected pair.
        send(desk, "desk 2");
        send(alice, "alice 2");
        assertEquals("desk 2", atAliceFromDesk.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("alice 2", atDesk.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(atAliceFromDesk.isEmpty() && atAliceFromMobile.isEmpty(), atAliceFromDesk + " " + atAliceFromMobile);

        // The last one closes the ports.
        alice.close();
        assertEquals(0, alice.openHostPorts());
    }

    private static TransportAddr host(LocalIce local) {
        return local.candidates().get(0).transportAddr();
    }

    private static BlockingQueue<String> received(IceSession s) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        s.media().receive((c, data, len, from) -> q.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        return q;
    }

    private static void send(IceSession s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.media().send(1, b, 0, b.length);
    }
}

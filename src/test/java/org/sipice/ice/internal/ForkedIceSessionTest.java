package org.sipice.ice.internal;

import static org.sipice.testing.Await.await;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.LocalIce;
import org.sipice.testing.Closer;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;

/**
 * What the SIP layer does with a forked INVITE (ForkedDialogs), in single-port mode
 * ({@code sipice.udp-mux}): the offer's ufrag is registered once on the process's shared port,
 * and the second fork's session checks on it (RFC 8839 §7.3). With a session of its own per fork
 * the second one could not register the same ufrag and its gathering failed.
 *
 * <pre>
 *   Alice: IceSession offers (muxed)      desk answers     mobile answers
 *   ForkedIceSession for the mobile's answer: same candidates and credentials, gathers at once
 *   both complete; the mobile answers 200 OK first: the offering session is closed,
 *   the mobile's fork keeps its pair, and a restart of it still works on its own
 * </pre>
 */
class ForkedIceSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Closer closer = new Closer();

    private IceSession kept(IceSession s) {
        return closer.add(s);
    }

    @Test
    void underUdpMuxTheSecondForkChecksOnTheOffersPortAndKeepsItWhenTheOfferingSessionCloses() throws Exception {
        IceConfig muxed = IceConfig.builder().rtcpMux(true).udpMux(new InetSocketAddress(LOOPBACK, 0)).build();
        IceConfig own = IceConfig.builder().rtcpMux(true).addHostAddress(LOOPBACK).build();
        IceSession alice = kept(IceSession.create(muxed, IceRole.CONTROLLING, null));
        IceSession desk = kept(IceSession.create(own, IceRole.CONTROLLED, null));
        EventRecorder mobileEvents = new EventRecorder();
        IceSession mobile = kept(IceSession.create(own, IceRole.CONTROLLED, mobileEvents));
        LocalIce offer = await(alice.gather(), DEADLINE);

        EventRecorder forkEvents = new EventRecorder();
        IceSession aliceToMobile = kept(ForkedIceSession.create(muxed, IceRole.CONTROLLING, offer.credentials(), alice,
                forkEvents));
        assertEquals(offer, await(aliceToMobile.gather(), DEADLINE));

        IcePeers.ForkAnswers answers = IcePeers.connectForks(offer, alice, aliceToMobile, desk, mobile, DEADLINE);
        LocalIce deskAnswer = answers.first();
        LocalIce mobileAnswer = answers.fork();
        assertEquals(mobileAnswer.candidates().get(0).transportAddr(),
                aliceToMobile.selectedPair(1).orElseThrow().remote().transportAddr());

        // The mobile's 200 OK comes first: the SIP layer closes the offering session.
        alice.close();
        BlockingQueue<String> atMobile = new LinkedBlockingQueue<>();
        mobile.media().receive((c, data, len, from) -> atMobile.add(new String(data, 0, len, StandardCharsets.UTF_8)));
        send(aliceToMobile, "hello");
        assertEquals("hello", atMobile.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(IceState.COMPLETED, aliceToMobile.state());
        assertEquals(List.of(), forkEvents.ofType(IceEvent.Failed.class));

        // A restart of the fork (a re-INVITE in its dialog) is a generation of its own (RFC 8445 §9).
        LocalIce restarted = await(aliceToMobile.restart(), DEADLINE);
        LocalIce mobileRestarted = await(mobile.restart(), DEADLINE);
        mobile.start(IcePeers.remote(restarted));
        aliceToMobile.start(IcePeers.remote(mobileRestarted));
        forkEvents.await(IceEvent.RestartCompleted.class, DEADLINE);
        mobileEvents.await(IceEvent.RestartCompleted.class, DEADLINE);
        send(aliceToMobile, "after the restart");
        assertEquals("after the restart", atMobile.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(restarted.candidates().get(0).transportAddr(),
                aliceToMobile.selectedPair(1).orElseThrow().local().transportAddr(), "the new generation's pair");
    }

    private static void send(IceSession s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.media().send(1, b, 0, b.length);
    }
}

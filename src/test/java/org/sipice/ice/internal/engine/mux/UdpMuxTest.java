package org.sipice.ice.internal.engine.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.Eventually;

/** Three sessions on one real loopback port: each gets its own checks, media and STUN answers. */
class UdpMuxTest {
    private UdpMux mux;
    private InetSocketAddress shared;

    @BeforeEach
    void openTheMux() throws Exception {
        mux = await(UdpMux.open(IceLoop.shared(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                Duration.ofSeconds(5));
        shared = mux.localAddress();
    }

    @AfterEach
    void closeTheMux() {
        mux.close();
    }

    private MuxSession session(String ufrag) {
        return new MuxSession(ufrag, ufrag + "-pwd-0123456789abcdef", IceLoop.shared().scheduler()).on(mux);
    }

    @Test
    void threeSessionsGetOnlyTheirOwnChecksAndMediaOnTheirOwnThreads() throws Exception {
        List<MuxSession> sessions = List.of(session("alice1"), session("alice2"), session("alice3"));
        List<MuxPeer> peers = List.of(new MuxPeer(), new MuxPeer(), new MuxPeer());
        try {
            // Media before any check: no session has bound the sender, so it is dropped.
            peers.get(0).media(shared, "too early");
            Eventually.atLeast(() -> (int) mux.dropped(), 1, Duration.ofSeconds(5), () -> "early media dropped");

            for (int i = 0; i < 3; i++) {
                TransactionId check = peers.get(i).check(shared, sessions.get(i));
                // The session authenticated it, bound the sender and answered from the shared port.
                assertEquals("success " + check + " from " + shared.getPort(), peers.get(i).nextStun());
                peers.get(i).media(shared, "media " + i);
            }
            for (int i = 0; i < 3; i++) {
                MuxSession s = sessions.get(i);
                int from = peers.get(i).port();
                assertEquals("check from " + from, s.next(), s.ufrag);
                assertEquals("media 'media " + i + "' from " + from, s.next(), s.ufrag);
                assertEquals(shared, s.port.localAddress());
            }
            assertEquals(1, mux.dropped());
            assertEquals(3, mux.associations());
            assertEquals(List.of(0, 0, 0), sessions.stream().map(s -> s.got.size()).toList(), "nothing else arrived");
        } finally {
            peers.forEach(MuxPeer::close);
        }
    }

    @Test
    void twoSessionsAskingOneStunServerEachGetTheirOwnAnswer() throws Exception {
        MuxSession a = session("bob001");
        MuxSession b = session("bob002");
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(InetAddress.getLoopbackAddress())) {
            TransactionId idA = bindingRequest(a, stun.address());
            TransactionId idB = bindingRequest(b, stun.address());

            int server = stun.address().getPort();
            assertEquals("response " + idA + " from " + server, a.next());
            assertEquals("response " + idB + " from " + server, b.next());
            assertEquals(0, mux.pendingTransactions(), "an answered request is forgotten");
            assertEquals(0, mux.associations(), "a STUN server is never bound");
            assertEquals(0, mux.dropped());
        }
    }

    @Test
    void aCheckForAnUnknownUfragAndAnUnsolicitedResponseAreDropped() throws Exception {
        MuxSession s = session("carol1");
        try (MuxPeer peer = new MuxPeer()) {
            peer.check(shared, "nobody", "whatever-pwd-0123456789");
            Request neverSent = MessageFactory.createBindingRequest();
            neverSent.setTransactionID(TransactionId.random().bytes());
            org.ice4j.message.Response unsolicited = MessageFactory.createBindingResponse(neverSent,
                    new org.ice4j.TransportAddress(shared, org.ice4j.Transport.UDP));
            unsolicited.setTransactionID(neverSent.getTransactionID());
            peer.send(shared, StunCodec.encode(unsolicited, null, true));
            Eventually.atLeast(() -> (int) mux.dropped(), 2, Duration.ofSeconds(5), () -> "dropped");

            // A check for carol still reaches her after both: the mux is not confused.
            peer.check(shared, s);
            assertEquals("check from " + peer.port(), s.next());
            assertEquals(2, mux.dropped());
        }
    }

    private static TransactionId bindingRequest(MuxSession s, InetSocketAddress server) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        TransactionId id = TransactionId.random();
        r.setTransactionID(id.bytes());
        byte[] bytes = StunCodec.encode(r, null, true);
        s.port.send(bytes, 0, bytes.length, server);
        return id;
    }
}

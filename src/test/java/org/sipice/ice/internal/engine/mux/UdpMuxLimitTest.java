package org.sipice.ice.internal.engine.mux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.loop.IceLoop;

/**
 * The documented limit of single-port mode (UdpMux, docs/ENGINE.md "UDP mux"): two sessions whose
 * peers share one remote address (two muxed endpoints that call each other twice). Checks still
 * reach each session by ufrag; media from the shared address goes to the latest binding.
 */
class UdpMuxLimitTest {

    @Test
    void twoCallsFromOneMuxedPeerShareItsAddressAndMediaGoesToTheLatestBinding() throws Exception {
        UdpMux mux = await(UdpMux.open(IceLoop.shared(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                Duration.ofSeconds(5));
        InetSocketAddress shared = mux.localAddress();
        MuxSession first = new MuxSession("call01", "call01-pwd-0123456789abcd", IceLoop.shared().scheduler()).on(mux);
        MuxSession second = new MuxSession("call02", "call02-pwd-0123456789abcd", IceLoop.shared().scheduler()).on(mux);
        // The other endpoint is muxed too: both of its calls come from its one port.
        try (MuxPeer otherEndpoint = new MuxPeer()) {
            int from = otherEndpoint.port();

            otherEndpoint.check(shared, first);
            assertEquals("check from " + from, first.next());
            otherEndpoint.media(shared, "for the first call");
            assertEquals("media 'for the first call' from " + from, first.next());

            // The second call's check reaches the second session by its ufrag, which binds the address.
            otherEndpoint.check(shared, second);
            assertEquals("check from " + from, second.next());
            assertEquals(1, mux.associations(), "one address, one association");

            // From now on media from that address goes to the second session, even the first call's.
            otherEndpoint.media(shared, "for the first call");
            assertEquals("media 'for the first call' from " + from, second.next());

            // Checks are unaffected: the first call's consent check still reaches the first session,
            // after the media above (one sender, one socket, one loop: order is kept), so the first
            // session never saw that media.
            otherEndpoint.check(shared, first);
            assertEquals("check from " + from, first.next());
            // Its authenticated check made the first session bind again: media follows it back.
            otherEndpoint.media(shared, "again");
            assertEquals("media 'again' from " + from, first.next());
            assertEquals(0, second.got.size());
            assertEquals(0, mux.dropped());
        } finally {
            mux.close();
        }
    }
}

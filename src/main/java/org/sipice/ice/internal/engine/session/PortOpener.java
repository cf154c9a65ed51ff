package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.net.UdpPorts;

/**
 * Where a session's host ports come from: a UDP socket of its own per candidate on the session's
 * loop (the default), the single-port mode's views ({@code sipice.udp-mux}), or a fake network in
 * tests. The future completes on the session's thread.
 */
@FunctionalInterface
interface PortOpener {

    CompletableFuture<DatagramPort> open(InetSocketAddress local, PacketReceiver receiver);

    /** One Netty datagram channel per port, registered on the session's loop. */
    static PortOpener udp(IceLoop loops, LoopScheduler scheduler) {
        return (local, receiver) -> UdpPorts.bind(loops, scheduler, local, receiver);
    }
}

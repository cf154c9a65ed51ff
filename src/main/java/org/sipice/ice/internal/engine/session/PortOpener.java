package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.mux.UdpMuxes;
import org.sipice.ice.internal.engine.net.UdpPorts;

/**
 * Where a session's host ports come from: a UDP socket of its own per candidate on the session's
 * loop (the default), the single-port mode's views ({@code sipice.udp-mux}), or a fake network in
 * tests. The future completes on the session's thread.
 */
@FunctionalInterface
interface PortOpener {

    CompletableFuture<DatagramPort> open(InetSocketAddress local, int componentId, PacketReceiver receiver);

    /** One Netty datagram channel per port, registered on the session's loop. */
    static PortOpener udp(IceLoop loops, LoopScheduler scheduler) {
        return (local, component, receiver) -> UdpPorts.bind(loops, scheduler, local, receiver);
    }

    /**
     * Single-port mode: component 1 is the session's view of the process's shared port at
     * {@code mux}, registered under the session's local ufrag (RFC 8445 §7.3 routing); a second
     * component (no rtcp-mux) cannot share it, since one ufrag names one view, and gets a port of
     * its own from {@code own}.
     */
    static PortOpener muxed(IceLoop loops, InetSocketAddress mux, Supplier<String> ufrag, Scheduler scheduler,
            PortOpener own) {
        return (local, component, receiver) -> {
            if (component != 1) {
                return own.open(new InetSocketAddress(mux.getAddress(), 0), component, receiver);
            }
            return UdpMuxes.shared(loops, mux).thenApplyAsync(
                    m -> (DatagramPort) m.register(ufrag.get(), scheduler, receiver), scheduler::execute);
        };
    }
}

package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.mux.UdpMux;

/**
 * The single-port mode's shared ports ({@code sipice.udp-mux}), one {@link UdpMux} per configured
 * address for the whole process, opened by the first session that asks and kept for the life of
 * the process, like the event loops. A mux that could not be bound is forgotten, so that a later
 * session tries again.
 */
final class SharedMuxes {
    private static final Map<InetSocketAddress, CompletableFuture<UdpMux>> MUXES = new ConcurrentHashMap<>();

    private SharedMuxes() {
    }

    static CompletableFuture<UdpMux> at(IceLoop loops, InetSocketAddress address) {
        CompletableFuture<UdpMux> mux = MUXES.computeIfAbsent(address, a -> UdpMux.open(loops, a));
        mux.whenComplete((m, error) -> {
            if (error != null) {
                MUXES.remove(address, mux);
            }
        });
        return mux;
    }
}

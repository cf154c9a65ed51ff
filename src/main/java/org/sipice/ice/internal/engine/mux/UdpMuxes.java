package org.sipice.ice.internal.engine.mux;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.ice.internal.engine.loop.IceLoop;

/**
 * The process's UDP muxes, one per configured address ({@code IceConfig.udpMux()}): the first
 * session that asks opens it, every later one shares it. Like the event loops, a shared mux
 * lives as long as the process; its views come and go with the sessions.
 */
public final class UdpMuxes {
    private static final Map<InetSocketAddress, CompletableFuture<UdpMux>> OPEN = new ConcurrentHashMap<>();

    private UdpMuxes() {
    }

    /**
     * The mux at {@code local}, opened on first use. A failed bind (address in use, not a local
     * address) completes exceptionally and is not remembered: the next session tries again. Port
     * 0 means any free port, chosen once for the process.
     */
    public static CompletableFuture<UdpMux> shared(IceLoop loops, InetSocketAddress local) {
        CompletableFuture<UdpMux> mux = OPEN.compute(local, (address, known) -> usable(known)
                ? known : UdpMux.open(loops, address));
        mux.whenComplete((m, failure) -> {
            if (failure != null) {
                OPEN.remove(local, mux);
            }
        });
        return mux;
    }

    /** An opening mux, or an open one; not a failed or closed one. */
    private static boolean usable(CompletableFuture<UdpMux> known) {
        if (known == null || known.isCompletedExceptionally()) {
            return false;
        }
        return !known.isDone() || known.join().isOpen();
    }
}

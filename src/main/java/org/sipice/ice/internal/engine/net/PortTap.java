package org.sipice.ice.internal.engine.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Internal seam through which tests observe the wire (docs/ENGINE.md, "How tests observe the
 * wire"): it sees every datagram a tapped port sends and receives, and may lose some, as a lossy
 * network would. Production never installs one: {@link UdpPorts} reads {@link #installed()}
 * once per port it binds and, while it is null, returns its plain port (no wrapper, no cost per
 * datagram).
 *
 * <p>Called on the port's session thread, for every datagram (STUN, TURN, media). {@code data}
 * is only lent for the call: copy what is kept.
 */
public interface PortTap {

    /** A datagram {@code local} is about to send to {@code to}; false loses it. */
    boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length);

    /** A datagram from {@code from} arrived at {@code local}; false loses it before the session sees it. */
    boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] data, int length);

    /**
     * Taps every engine UDP port bound from now on (process-wide; one tap at a time), until
     * {@link #remove}. Ports bound earlier stay untapped.
     */
    static void install(PortTap tap) {
        TappedPort.installed = tap;
    }

    /** Removes {@code tap} if it is the installed one. */
    static void remove(PortTap tap) {
        if (TappedPort.installed == tap) {
            TappedPort.installed = null;
        }
    }

    /** The process-wide tap, null unless a test installed one. */
    static PortTap installed() {
        return TappedPort.installed;
    }

    /**
     * A port that {@code opener} opens, seen through {@code tap}: the receiver is handed the
     * tapped port (the one the session knows), never the port underneath.
     */
    static CompletableFuture<DatagramPort> open(PortTap tap, PacketReceiver receiver,
            Function<PacketReceiver, CompletableFuture<DatagramPort>> opener) {
        TappedPort tapped = new TappedPort(tap, receiver);
        return opener.apply(tapped::received).thenApply(tapped::over);
    }
}

package org.sipice.ice.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.socket.DatagramPacketFilter;
import org.ice4j.socket.DelegatingDatagramSocket;
import org.ice4j.socket.MultiplexedDatagramSocket;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate's socket that, when closed, also releases the file descriptor of every
 * filtered socket ice4j took from it (the STUN socket of each candidate, a TURN harvest's).
 *
 * <p>Why: each {@link MultiplexedDatagramSocket} is a {@link DatagramSocket} whose constructor
 * opens an unbound descriptor of its own (Java 17 {@code DatagramSocket(null)}), and its
 * {@code close()} deliberately skips {@code super.close()} (the multiplexing socket may still be
 * in use). Only the garbage collector's cleaner freed those descriptors: a softphone that took
 * a few hundred calls held hundreds of them. Once the multiplexing socket itself is closed
 * nothing can use them, so they are closed here, as {@code DatagramSocket.close()} would have.
 */
final class ClosingMultiplexingSocket extends MultiplexingDatagramSocket {
    private static final Logger LOG = LogManager.getLogger(ClosingMultiplexingSocket.class);
    /** {@code DatagramSocket.close()} as {@code DelegatingDatagramSocket}'s {@code super.close()}. */
    private static final MethodHandle JDK_CLOSE = jdkClose();

    private final List<MultiplexedDatagramSocket> handedOut = new CopyOnWriteArrayList<>();

    /** Binds an ephemeral port on {@code address}. */
    ClosingMultiplexingSocket(InetAddress address) throws SocketException {
        super(0, address);
    }

    @Override
    public MultiplexedDatagramSocket getSocket(DatagramPacketFilter filter, boolean create) throws SocketException {
        MultiplexedDatagramSocket socket = super.getSocket(filter, create);
        if (socket != null && handedOut.stream().noneMatch(s -> s == socket)) {
            handedOut.add(socket);
        }
        return socket;
    }

    @Override
    public void close() {
        super.close();
        for (MultiplexedDatagramSocket socket : handedOut) {
            release(socket);
        }
        handedOut.clear();
    }

    private static void release(MultiplexedDatagramSocket socket) {
        if (JDK_CLOSE == null) {
            return;
        }
        try {
            JDK_CLOSE.invoke((DelegatingDatagramSocket) socket);
        } catch (Throwable e) {
            LOG.debug("cannot release a filtered socket's descriptor: {}", e.toString());
        }
    }

    private static MethodHandle jdkClose() {
        try {
            // ice4j and sipice share the class path's unnamed module: a private lookup is allowed.
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(DelegatingDatagramSocket.class,
                    MethodHandles.lookup());
            return lookup.findSpecial(DatagramSocket.class, "close", MethodType.methodType(void.class),
                    DelegatingDatagramSocket.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("filtered ICE sockets will be released by the garbage collector only: {}", e.toString());
            return null;
        }
    }
}

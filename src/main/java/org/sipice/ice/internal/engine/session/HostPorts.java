package org.sipice.ice.internal.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * The host ports of one generation (RFC 8445 §5.1.1.1): one UDP port per component on each chosen
 * address, all bound at once. The owner of every port it opened: {@link #close()} releases them,
 * including one whose bind completes after the close.
 */
final class HostPorts {
    private static final Logger LOG = LogManager.getLogger(HostPorts.class);

    /**
     * One bound host port.
     *
     * @param componentId 1 RTP, 2 RTCP
     * @param rank        the rank of its address in the host policy's order (0 = most preferred)
     * @param port        the port
     */
    record HostPort(int componentId, int rank, DatagramPort port) {
        InetSocketAddress address() {
            return port.localAddress();
        }
    }

    private final String name;
    private final List<DatagramPort> opened = new ArrayList<>();
    private boolean closed;

    HostPorts(String name) {
        this.name = name;
    }

    /**
     * Binds a port (any free one) per component on each address. An address that cannot be bound
     * is left out with a log line; the future fails only when no address could be bound at all.
     * Session thread only; the future completes there.
     */
    CompletableFuture<List<HostPort>> open(List<InetAddress> addresses, int components, PortOpener opener,
            PacketReceiver receiver) {
        List<CompletableFuture<HostPort>> binds = new ArrayList<>();
        for (int rank = 0; rank < addresses.size(); rank++) {
            for (int component = 1; component <= components; component++) {
                int r = rank;
                int c = component;
                InetSocketAddress local = new InetSocketAddress(addresses.get(rank), 0);
                binds.add(opener.open(local, c, receiver).handle((port, error) -> {
                    if (error != null) {
                        LOG.info("{}: no host candidate on {}: {}", name, local.getAddress().getHostAddress(),
                                error.getMessage());
                        return null;
                    }
                    if (closed) {
                        port.close();
                        return null;
                    }
                    opened.add(port);
                    return new HostPort(c, r, port);
                }));
            }
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<HostPort> bound = new ArrayList<>();
            for (CompletableFuture<HostPort> b : binds) {
                HostPort p = b.join();
                if (p != null) {
                    bound.add(p);
                }
            }
            // An address counts only when every component got a port on it (RFC 8445 §5.1.1.1:
            // a candidate per component); a lone port of a half-bound address is released.
            List<HostPort> usable = bound.stream()
                    .filter(p -> bound.stream().filter(q -> q.rank() == p.rank()).count() == components)
                    .sorted(Comparator.comparingInt(HostPort::rank).thenComparingInt(HostPort::componentId))
                    .toList();
            bound.stream().filter(p -> !usable.contains(p)).forEach(p -> p.port().close());
            if (usable.isEmpty()) {
                throw new IllegalStateException(addresses.isEmpty() ? "no usable host address"
                        : "no host address could be bound: " + addresses);
            }
            return usable;
        });
    }

    /** Ports bound and not closed yet. */
    int openCount() {
        return (int) opened.stream().filter(DatagramPort::isOpen).count();
    }

    /** Closes every port; idempotent. Session thread only. */
    void close() {
        closeAllBut(Set.of());
    }

    /** Closes every port but {@code kept} (closed by a later {@link #close()}); no more ports open. */
    void closeAllBut(Set<DatagramPort> kept) {
        closed = true;
        for (DatagramPort p : opened) {
            if (!kept.contains(p)) {
                p.close();
            }
        }
    }
}

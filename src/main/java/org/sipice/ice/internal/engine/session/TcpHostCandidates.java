package org.sipice.ice.internal.engine.session;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.tcp.TcpPairing;
import org.sipice.ice.internal.engine.tcp.TcpPorts;
import org.sipice.ice.internal.engine.tcp.TcpPriority;
import org.sipice.sdp.CandidateType;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sdp.IceCandidate;

/**
 * The host TCP candidates of one generation (RFC 6544 §4.1, §5.1): on each host address and for
 * each component, a passive candidate (a listening socket) and an active one (signalled with port
 * 9, connecting on its first check). Gathered when {@link IceConfig#iceTcp()} or
 * {@link IceConfig#udpBlocked()} is on. The owner of their ports: {@link #close()} releases the
 * listening sockets and every connection. Session thread only.
 */
final class TcpHostCandidates {
    private static final Logger LOG = LogManager.getLogger(TcpHostCandidates.class);

    private final String name;
    private final IceLoop loops;
    private final LoopScheduler scheduler;
    private final StunTransactions transactions;
    private final List<DatagramPort> opened = new ArrayList<>();
    private boolean closed;

    private TcpHostCandidates(String name, IceLoop loops, LoopScheduler scheduler, StunTransactions transactions) {
        this.name = name;
        this.loops = loops;
        this.scheduler = scheduler;
        this.transactions = transactions;
    }

    /**
     * Whether the configuration asks for host TCP candidates; never in relay-only mode, which
     * signals no host address ({@link IceConfig#relayOnly()}).
     */
    static boolean wanted(IceConfig config) {
        return (config.iceTcp() || config.udpBlocked()) && !config.relayOnly();
    }

    /**
     * The TCP candidates of a session on real sockets, opened when {@link #wanted} or when
     * gathering finds UDP blocked ({@link UdpBlockedDetection}); null on a fake network.
     */
    static TcpHostCandidates forSession(String name, IceLoop loops, Scheduler scheduler,
            StunTransactions transactions) {
        if (loops == null || !(scheduler instanceof LoopScheduler loop)) {
            return null;
        }
        return new TcpHostCandidates(name, loops, loop, transactions);
    }

    /**
     * Opens a passive and an active candidate per component on each address ({@code addresses}
     * in the host policy's order, which sets other-pref, RFC 6544 §4.2). An address where no
     * socket can listen is left out with a log line; never fails.
     */
    CompletableFuture<List<GatheredCandidate>> open(List<InetAddress> addresses, int components,
            Foundations foundations, PacketDemux demux) {
        List<CompletableFuture<List<GatheredCandidate>>> each = new ArrayList<>();
        for (int rank = 0; rank < addresses.size(); rank++) {
            InetAddress address = addresses.get(rank);
            String foundation = foundations.of(CandidateType.HOST, address, null, "tcp");
            for (int component = 1; component <= components; component++) {
                int r = rank;
                int c = component;
                each.add(TcpPorts.passive(loops, scheduler, address, demux).handle((passive, error) -> {
                    if (error != null) {
                        LOG.info("{}: no TCP candidate on {}: {}", name, address.getHostAddress(), error.getMessage());
                        return List.of();
                    }
                    // A refused connection fails its checks at once (RFC 6544 §7.1).
                    DatagramPort active = TcpPorts.active(loops, scheduler, address, demux,
                            transactions::unreachable);
                    if (closed) {
                        passive.close();
                        return List.of();
                    }
                    opened.add(passive);
                    opened.add(active);
                    demux.component(passive, c);
                    demux.component(active, c);
                    return List.of(candidate(passive, TcpPairing.PASSIVE, foundation, r, c),
                            candidate(active, TcpPairing.ACTIVE, foundation, r, c));
                }));
            }
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<GatheredCandidate> all = new ArrayList<>();
            each.forEach(f -> all.addAll(f.join()));
            return all;
        });
    }

    /** RFC 6544 §4.5: {@code ... TCP prio addr port typ host tcptype active|passive}; active at port 9. */
    private static GatheredCandidate candidate(DatagramPort port, String tcpType, String foundation, int rank,
            int componentId) {
        IceCandidate c = IceCandidate.builder().foundation(foundation).componentId(componentId).transport("TCP")
                .priority(TcpPriority.hostPriority(tcpType, rank, componentId))
                .address(port.localAddress().getAddress().getHostAddress()).port(port.localAddress().getPort())
                .type(CandidateType.HOST).tcpType(tcpType).build();
        return new GatheredCandidate(c, port, port.localAddress(), null);
    }

    /** Closes the listening sockets and every connection; idempotent. */
    void close() {
        closed = true;
        opened.forEach(DatagramPort::close);
    }
}

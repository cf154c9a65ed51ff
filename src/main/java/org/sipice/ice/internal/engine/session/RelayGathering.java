package org.sipice.ice.internal.engine.session;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.TurnServer;
import org.sipice.ice.internal.RelayFirst;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.session.HostPorts.HostPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.turn.TurnAllocation;
import org.sipice.ice.internal.engine.turn.TurnClient;
import org.sipice.ice.internal.engine.turn.TurnException;
import org.sipice.ice.internal.engine.turn.RelayFamilies;
import org.sipice.ice.internal.engine.turn.TurnRedirect;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;

/**
 * Relayed candidates (RFC 8445 §5.1.1.2, RFC 8656): one allocation per TURN server and component,
 * from the most preferred host port of the server's address family, all requested at once. The
 * owner of the TURN clients: {@link #close()} deletes their allocations.
 *
 * <p>Events of the clients ({@code TurnAllocated}...) are kept while gathering and given with
 * its outcome, so the gathering's events read in one order; later ones go to the session at once.
 * With {@link IceConfig#relayFirst()} the Allocate response's XOR-MAPPED-ADDRESS is the
 * server-reflexive candidate (RFC 8656 §7.3), no Binding request being sent. An Allocate
 * answered 300 Try Alternate is asked again of the alternate server, once ({@link TurnRedirect}),
 * which then holds the allocation. Session thread only.
 */
final class RelayGathering {
    private static final Logger LOG = LogManager.getLogger(RelayGathering.class);

    /** One allocation being made or made. */
    private static final class Client {
        /** The server as configured, which events about gathering name. */
        final TurnServer server;
        final HostPort host;
        final TurnRedirect redirect;
        /** The server the allocation is asked of: the configured one, or its alternate (RFC 8489 §10). */
        TurnServer used;
        TurnClient turn;
        boolean resolved;
        boolean granted;

        Client(TurnServer server, TurnServer used, HostPort host, TurnClient turn) {
            this.server = server;
            this.used = used;
            this.host = host;
            this.turn = turn;
            this.redirect = new TurnRedirect(server);
        }
    }

    private final String name;
    private final IceConfig config;
    private final Scheduler scheduler;
    private final StunTransactions transactions;
    private final PacketDemux demux;
    /** The loops TURN-over-TCP connections are made on; null with a test's own ports (UDP only). */
    private final IceLoop loops;
    private final Consumer<IceEvent> live;
    private final List<Client> clients = new ArrayList<>();
    private final List<IceEvent> kept = new ArrayList<>();
    private final Map<TurnServer, String> failures = new LinkedHashMap<>();
    private final List<GatheredCandidate> found = new ArrayList<>();
    /** The address families asked of every server (RFC 8656 §7.1), set by {@link #start}. */
    private RelayFamilies families;
    private boolean gathering = true;

    /**
     * @param live where the clients' events go once gathering is over (the session's queue)
     */
    RelayGathering(String name, IceConfig config, Scheduler scheduler, StunTransactions transactions,
            PacketDemux demux, IceLoop loops, Consumer<IceEvent> live) {
        this.name = name;
        this.loops = loops;
        this.config = config;
        this.scheduler = scheduler;
        this.transactions = transactions;
        this.demux = demux;
        this.live = live;
    }

    /** Sends every Allocate request now. */
    void start(List<HostPort> hosts, Foundations foundations, Runnable progress) {
        List<TurnServer> servers = config.turnServers();
        // RFC 8656 §7.1: relays of the families our host addresses have (RFC 8421 §4: both when dual stack).
        families = RelayFamilies.of(
                hosts.stream().anyMatch(h -> h.address().getAddress() instanceof Inet4Address),
                hosts.stream().anyMatch(h -> !(h.address().getAddress() instanceof Inet4Address)));
        for (int s = 0; s < servers.size(); s++) {
            TurnServer server = servers.get(s);
            failures.put(server, "no host address of its address family");
            for (int component = 1; component <= config.componentCount(); component++) {
                HostPort host = firstHost(hosts, component, server);
                if (host == null) {
                    continue;
                }
                // Shared-secret credentials are computed afresh for each new allocation (TurnServer.credentialsAt).
                TurnServer used = server.credentialsAt(Instant.now());
                TurnClient turn;
                try {
                    turn = open(used, host, component);
                } catch (IOException e) {
                    failures.put(server, e.getMessage()); // a TLS CA file that cannot be read
                    break;
                }
                if (turn == null) {
                    failures.put(server, "TURN over TCP needs the event loops (not available to this session)");
                    continue;
                }
                Client client = new Client(server, used, host, turn);
                clients.add(client);
                failures.put(server, null);
                allocate(client, s, servers.size(), foundations, progress);
            }
        }
    }

    /**
     * A client for an allocation from {@code host} on {@code server}: over UDP from the host port,
     * over TCP from its own connection (RFC 8656 §3.1); null when TCP is not available here.
     */
    private TurnClient open(TurnServer server, HostPort host, int component) throws IOException {
        TurnClient turn;
        if (server.transport() == TurnServer.Transport.UDP) {
            turn = new TurnClient(scheduler, transactions, host.port(), server, component, this::onEvent, demux);
            demux.turn(host.port(), server.address(), turn::onPacket);
        } else if (loops != null && scheduler instanceof LoopScheduler loop) {
            // RFC 8656 §3.1: its own connection (TCP, or TLS over TCP) from the host address; what it
            // reads goes to the client.
            turn = TurnClient.overTcp(loops, loop, transactions, host.address().getAddress(), server, component,
                    this::onEvent, demux);
        } else {
            return null;
        }
        demux.component(turn.relayedPort(), component);
        demux.component(turn.additionalRelayedPort(), component);
        return turn;
    }

    private void allocate(Client client, int serverIndex, int servers, Foundations foundations, Runnable progress) {
        TurnClient turn = client.turn;
        turn.allocate(families).whenComplete((granted, error) -> {
            if (client.resolved || client.turn != turn) {
                return;
            }
            String failure = error == null ? null : reason(error);
            if (error != null && TurnRedirect.isRedirect(cause(error))) {
                failure = redirect(client, (TurnException) cause(error));
                if (failure == null) {
                    allocate(client, serverIndex, servers, foundations, progress);
                    return;
                }
            }
            client.resolved = true;
            if (error == null) {
                granted(client, granted, serverIndex, servers, foundations);
            } else {
                failures.put(client.server, failure);
            }
            progress.run();
        });
    }

    /**
     * A 300 Try Alternate (RFC 8656 §7.4): null when the client now asks the alternate server
     * (the first client closed: nothing was granted, its TCP connection goes); otherwise why the
     * redirect is not followed ({@link TurnRedirect}), for {@code ServerFailed}.
     */
    private String redirect(Client client, TurnException redirect) {
        TurnServer alternate;
        try {
            alternate = client.redirect.follow(client.used, redirect);
        } catch (TurnException refused) {
            LOG.info("{}: TURN server {}: {}", name, client.used, refused.reason());
            return refused.reason();
        }
        if (alternate.transport() == TurnServer.Transport.UDP && clients.stream().anyMatch(c -> c != client
                && c.host.port() == client.host.port() && c.used.transport() == TurnServer.Transport.UDP
                && c.used.address().equals(alternate.address()))) {
            // RFC 8656 §2.2: one allocation per 5-tuple; this port already has one there.
            return "300 Try Alternate to " + alternate.uri() + ", a server this port already asks for an allocation";
        }
        TurnClient next;
        try {
            next = open(alternate, client.host, client.host.componentId());
        } catch (IOException e) {
            return e.getMessage();
        }
        if (next == null) {
            return "TURN over TCP needs the event loops (not available to this session)";
        }
        LOG.info("{}: TURN server {} redirects component {} to {} (300 Try Alternate)", name, client.used,
                client.host.componentId(), alternate);
        client.turn.close();
        if (client.used.transport() == TurnServer.Transport.UDP && !alternate.address().equals(client.used.address())) {
            demux.forgetTurn(client.host.port(), client.used.address());
        }
        client.turn = next;
        client.used = alternate;
        return null;
    }

    boolean done() {
        return clients.stream().allMatch(c -> c.resolved);
    }

    /** True if a server granted an allocation over UDP: UDP reaches the outside. */
    boolean grantedOverUdp() {
        return clients.stream().anyMatch(c -> c.granted && c.used.transport() == TurnServer.Transport.UDP);
    }

    /**
     * True while an allocation over TCP or TLS is still under way for a component that has no
     * relayed candidate yet ({@link StreamRelayGrace}).
     */
    boolean streamAllocationOutstanding() {
        return clients.stream().anyMatch(c -> !c.resolved && c.used.transport() != TurnServer.Transport.UDP
                && clients.stream().noneMatch(o -> o.granted && o.host.componentId() == c.host.componentId()));
    }

    List<GatheredCandidate> candidates() {
        return List.copyOf(found);
    }

    /**
     * The end of gathering: the kept {@code TurnAllocated} events, then a {@code ServerFailed}
     * per server that granted no allocation. Later client events go to the session directly.
     */
    List<IceEvent> events(boolean cutByDeadline, Duration deadline) {
        gathering = false;
        List<IceEvent> out = new ArrayList<>(kept);
        kept.clear();
        for (TurnServer server : config.turnServers()) {
            boolean any = clients.stream().anyMatch(c -> c.server.equals(server) && c.granted);
            if (any) {
                continue;
            }
            String reason = failures.get(server);
            if (reason == null) {
                reason = cutByDeadline
                        ? "no Allocate response within the gathering deadline of " + deadline.toMillis() + " ms"
                        : "no Allocate response (server silent, unreachable or refusing)";
            }
            LOG.info("{}: TURN server {} gave no relayed candidate: {}", name, server, reason);
            out.add(new IceEvent.ServerFailed(server.toString(), reason));
        }
        return out;
    }

    /** The gathering ended: allocations not granted yet are given up (deleted if granted later). */
    void cancelPending() {
        for (Client c : clients) {
            if (!c.resolved) {
                c.resolved = true;
                c.turn.close();
            }
        }
    }

    /** Deletes every allocation (RFC 8656 §8: Refresh with LIFETIME 0). Idempotent. */
    void close() {
        gathering = false;
        clients.forEach(c -> c.turn.close());
    }

    /**
     * The ports whose allocations are being deleted (host ports, TCP connections): they stay open
     * for the answers.
     */
    Set<DatagramPort> deleting() {
        Set<DatagramPort> ports = new HashSet<>();
        clients.stream().filter(c -> c.granted).forEach(c -> ports.add(c.turn.serverPort()));
        return ports;
    }

    /** The end of the deletion wait: every TCP connection to a server is closed. */
    void closeConnections() {
        clients.forEach(c -> c.turn.closeConnection());
    }

    private void onEvent(IceEvent event) {
        if (gathering) {
            kept.add(event);
        } else {
            live.accept(event);
        }
    }

    private void granted(Client client, TurnAllocation granted, int serverIndex, int servers, Foundations foundations) {
        client.granted = true;
        HostPort host = client.host;
        int component = host.componentId();
        // The server actually used (an alternate after a redirect) is the candidate's server (RFC 8445 §5.1.1.3).
        InetSocketAddress server = client.used.address();
        int localPreference = CandidatePriority.relayLocalPreference(host.rank(), serverIndex, servers,
                client.used.transport());
        // RFC 7065 §3.1: turns: for TLS (over tcp), turn: for UDP and TCP.
        String url = (client.used.transport() == TurnServer.Transport.TLS ? "turns:" : "turn:")
                + server.getAddress().getHostAddress() + ":" + server.getPort() + "?transport="
                + client.used.transport().uriName();
        boolean dual = granted.additional() != null;
        found.add(relayed(client, granted.relayed(), client.turn.relayedPort(), dual ? familyRank(granted.relayed())
                : host.rank(), serverIndex, servers, granted, foundations.of(CandidateType.RELAY,
                        host.address().getAddress(), server), url));
        if (dual) {
            // RFC 8445 §5.1.1.3: the base of a relayed candidate is itself, so each family has its foundation.
            found.add(relayed(client, granted.additional(), client.turn.additionalRelayedPort(),
                    familyRank(granted.additional()), serverIndex, servers, granted,
                    foundations.of(CandidateType.RELAY, granted.additional().getAddress(), server), url));
        }
        InetSocketAddress mapped = new InetSocketAddress(granted.mapped().getAddress(), granted.mapped().getPort());
        if (RelayFirst.applies(config) && !mapped.equals(host.address()) && found.stream()
                .noneMatch(g -> g.candidate().type() == CandidateType.SRFLX && g.base().equals(host.address())
                        && g.candidate().port() == mapped.getPort()
                        && g.candidate().address().equals(mapped.getAddress().getHostAddress()))) {
            // RFC 8656 §7.3: the Allocate response's XOR-MAPPED-ADDRESS is our server-reflexive address.
            IceCandidate srflx = IceCandidate.builder()
                    .foundation(foundations.of(CandidateType.SRFLX, host.address().getAddress(), server))
                    .componentId(component)
                    .priority(CandidatePriority.of(CandidatePriority.SERVER_REFLEXIVE, localPreference, component))
                    .address(mapped.getAddress().getHostAddress()).port(mapped.getPort())
                    .type(CandidateType.SRFLX)
                    .related(host.address().getAddress().getHostAddress(), host.address().getPort())
                    .build();
            found.add(new GatheredCandidate(srflx, host.port(), host.address(), url));
        }
    }

    private GatheredCandidate relayed(Client client, InetSocketAddress address, DatagramPort port, int rank,
            int serverIndex, int servers, TurnAllocation granted, String foundation, String url) {
        int component = client.host.componentId();
        int localPreference = CandidatePriority.relayLocalPreference(rank, serverIndex, servers,
                client.used.transport());
        IceCandidate relayed = IceCandidate.builder()
                .foundation(foundation)
                .componentId(component)
                .priority(CandidatePriority.of(CandidatePriority.RELAYED, localPreference, component))
                .address(address.getAddress().getHostAddress()).port(address.getPort())
                .type(CandidateType.RELAY)
                // RFC 8839 §5.1: rel-addr of a relayed candidate is the mapped address.
                .related(granted.mapped().getAddress().getHostAddress(), granted.mapped().getPort())
                .build();
        return new GatheredCandidate(relayed, port, address, url);
    }

    /** RFC 8421 §4: a dual allocation's two relays, the preferred family first ({@link IceConfig#preferIpv6()}). */
    private int familyRank(InetSocketAddress relayed) {
        return (relayed.getAddress() instanceof Inet4Address) == config.preferIpv6() ? 1 : 0;
    }

    private static HostPort firstHost(List<HostPort> hosts, int component, TurnServer server) {
        boolean v4 = server.address().getAddress() instanceof Inet4Address;
        return hosts.stream()
                .filter(h -> h.componentId() == component && (h.address().getAddress() instanceof Inet4Address) == v4)
                .findFirst().orElse(null);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String reason(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof TurnException t) {
            return t.reason();
        }
        return cause.getMessage();
    }
}

package org.sipice.ice.internal.engine.session;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.LocalIce;
import org.sipice.ice.internal.DefaultCandidates;
import org.sipice.ice.internal.RelayFirst;
import org.sipice.ice.internal.RelayOnly;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.session.HostPorts.HostPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.sdp.TransportAddr;

/**
 * Candidate gathering of one generation (RFC 8445 §5.1): host ports on every chosen address,
 * then server-reflexive and relayed candidates from every server at once, until every server
 * has answered or the gathering deadline ({@link IceConfig#gatheringTimeout()}) ends it with
 * what exists. Session thread only.
 */
final class Gathering {
    private static final Logger LOG = LogManager.getLogger(Gathering.class);
    private final String name;
    private final IceConfig config;
    private final Scheduler scheduler;
    private final HostPorts hostPorts;
    private final PortOpener opener;
    private final PortOpener turnPorts;
    private final PacketDemux demux;
    private final ReflexiveGathering reflexive;
    private final RelayGathering relays;
    private final Foundations foundations;
    /** Host TCP candidates (RFC 6544), opened when wanted or UDP is found blocked; null on a fake network. */
    private final TcpHostCandidates tcp;
    private CompletableFuture<List<GatheredCandidate>> tcpCandidates;
    private List<InetAddress> addresses;
    private final CompletableFuture<GatheringResult> result = new CompletableFuture<>();
    private final List<GatheredCandidate> hosts = new ArrayList<>();
    private IceCredentials credentials;
    private Scheduler.Timer deadline;
    /** The early end of a gathering that looks UDP-blocked ({@link UdpBlockedDetection#fairWait}). */
    private Scheduler.Timer udpBlockedEnd;
    /** How long the gathering ran when cut: its deadline, or an earlier UDP-blocked end. */
    private Duration cutAfter;
    private long startNanos;
    private boolean serversAsked;
    /** The deadline passed and {@link StreamRelayGrace} applied: the gathering waits for a relay over TCP/TLS. */
    private boolean graceGiven;

    Gathering(String name, IceConfig config, Scheduler scheduler, StunTransactions transactions, HostPorts hostPorts,
            PortOpener opener, PortOpener turnPorts, PacketDemux demux, RelayGathering relays, TcpHostCandidates tcp) {
        this.name = name;
        this.config = config;
        this.scheduler = scheduler;
        this.hostPorts = hostPorts;
        this.opener = opener;
        this.turnPorts = turnPorts;
        this.demux = demux;
        this.foundations = new Foundations();
        this.reflexive = new ReflexiveGathering(name, transactions, foundations, this::maybeDone);
        this.relays = relays;
        this.tcp = tcp;
    }

    /** Binds the host ports on {@code addresses} and asks the servers; completes on the session's thread. */
    CompletableFuture<GatheringResult> start(List<InetAddress> addresses, IceCredentials credentials) {
        this.credentials = credentials;
        startNanos = scheduler.nanoTime();
        this.addresses = addresses;
        if (tcp != null && TcpHostCandidates.wanted(config)) {
            // RFC 6544 §5.1: host TCP candidates on the same addresses, opened beside the UDP ports.
            tcpCandidates = tcp.open(addresses, config.componentCount(), foundations, demux);
            tcpCandidates.whenComplete((c, e) -> maybeDone());
        }
        hostPorts.open(addresses, config.componentCount(), opener, demux).whenComplete((bound, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException
                        && error.getCause() != null ? error.getCause() : error);
                return;
            }
            if (result.isDone()) {
                return; // cancelled while binding
            }
            hostCandidates(bound);
            deadline = scheduler.schedule(config.gatheringTimeout(), this::onDeadline);
            // UDP configured blocked: a Binding request over UDP can only go unanswered (RFC 8445
            // §5.1.1.2 gathers server-reflexive candidates where a STUN server can be reached).
            reflexive.start(config.udpBlocked() ? List.of() : RelayFirst.stunServersAsked(config), bound);
            if (turnPorts == null || config.turnServers().isEmpty()) {
                relays.start(bound, foundations, this::maybeDone);
                serversAsked = true;
                maybeDone();
            } else {
                relaysFromOwnPorts(addresses);
            }
        });
        return result;
    }

    /**
     * Single-port mode: an allocation is one 5-tuple per server (RFC 8656 §2.2), so the sessions
     * sharing a port could not each have one there; their allocations leave from ports of their own.
     */
    private void relaysFromOwnPorts(List<InetAddress> addresses) {
        hostPorts.open(addresses, config.componentCount(), turnPorts, demux).whenComplete((own, error) -> {
            if (result.isDone()) {
                return;
            }
            relays.start(error == null ? own : List.of(), foundations, this::maybeDone);
            serversAsked = true;
            maybeDone();
        });
    }

    /** Stops what is in flight; the result, if not done yet, fails. Idempotent. */
    void cancel() {
        if (deadline != null) {
            deadline.cancel();
        }
        if (udpBlockedEnd != null) {
            udpBlockedEnd.cancel();
        }
        reflexive.cancel();
        relays.cancelPending();
        result.completeExceptionally(new IllegalStateException("ICE session closed while gathering"));
    }

    private void hostCandidates(List<HostPort> bound) {
        for (HostPort h : bound) {
            demux.component(h.port(), h.componentId());
            // RFC 8445 §5.1.2.1: unique local preferences, in the host policy's order.
            int localPreference = CandidatePriority.localPreference(h.rank(), 0, 1);
            IceCandidate c = IceCandidate.builder()
                    .foundation(foundations.of(CandidateType.HOST, h.address().getAddress(), null))
                    .componentId(h.componentId())
                    .priority(CandidatePriority.of(CandidatePriority.HOST, localPreference, h.componentId()))
                    .address(h.address().getAddress().getHostAddress()).port(h.address().getPort())
                    .type(CandidateType.HOST).build();
            hosts.add(new GatheredCandidate(c, h.port(), h.address(), null));
        }
    }

    /**
     * The gathering deadline: the end, unless {@link StreamRelayGrace} gives a relay over TCP or
     * TLS that nothing over UDP can replace a little longer.
     */
    private void onDeadline() {
        if (!graceGiven && StreamRelayGrace.applies(reflexive.candidates(), relays)) {
            graceGiven = true;
            reflexive.cancel(); // the STUN servers had their deadline
            deadline = scheduler.schedule(StreamRelayGrace.EXTRA, () -> finish(true));
            LOG.info("{}: gathering deadline: nothing answered over UDP and a TURN allocation over TCP/TLS is"
                    + " under way; waiting up to {} ms more for it", name, StreamRelayGrace.EXTRA.toMillis());
            return;
        }
        finish(true);
    }

    private void maybeDone() {
        if (graceGiven) {
            if (!relays.streamAllocationOutstanding() && (tcpCandidates == null || tcpCandidates.isDone())) {
                finish(true); // what was waited for came (or failed); the silent UDP servers are cut
            }
            return;
        }
        if (serversAsked && reflexive.done() && relays.done() && (tcpCandidates == null || tcpCandidates.isDone())) {
            finish(false);
        } else if (udpBlockedEnd == null && deadline != null && !result.isDone()
                && UdpBlockedDetection.udpBlocked(config, servers())) {
            // A TURN allocation over TCP/TLS succeeded, nothing answered over UDP: UDP servers get a
            // fair wait measured against that allocation, not the whole gathering deadline.
            Duration took = Duration.ofNanos(scheduler.nanoTime() - startNanos);
            Duration end = UdpBlockedDetection.fairWait(took);
            if (end.compareTo(config.gatheringTimeout()) < 0) {
                udpBlockedEnd = scheduler.schedule(end.minus(took), () -> {
                    if (UdpBlockedDetection.udpBlocked(config, servers())) {
                        cutAfter = end;
                        finish(true);
                    }
                });
            }
        }
    }

    private void finish(boolean cutByDeadline) {
        if (result.isDone() || (tcpCandidates != null && !tcpCandidates.isDone() && !cutByDeadline)) {
            return;
        }
        if (tcpCandidates == null && tcp != null && !config.relayOnly()
                && UdpBlockedDetection.udpBlocked(config, servers())) {
            // UDP blocked (issue 13): host TCP candidates after all, then the gathering ends.
            tcpCandidates = tcp.open(addresses, config.componentCount(), foundations, demux);
            tcpCandidates.whenComplete((c, e) -> finish(cutByDeadline));
            return;
        }
        deadline.cancel();
        if (udpBlockedEnd != null) {
            udpBlockedEnd.cancel();
        }
        Duration cut = cutAfter != null ? cutAfter
                : graceGiven ? Duration.ofNanos(scheduler.nanoTime() - startNanos) : config.gatheringTimeout();
        reflexive.cancel();
        relays.cancelPending();
        List<IceEvent> serverEvents = new ArrayList<>(relays.events(cutByDeadline, cut));
        serverEvents.addAll(reflexive.failures(cutByDeadline, cut));
        List<GatheredCandidate> all = new ArrayList<>(hosts);
        all.addAll(reflexive.candidates());
        all.addAll(relays.candidates());
        if (tcpCandidates != null) {
            all.addAll(tcpCandidates.getNow(List.of()));
        }
        // By component, then priority: host, server-reflexive, relayed (RFC 8445 §5.1.2.2).
        all.sort(Comparator.comparingInt((GatheredCandidate g) -> g.candidate().componentId())
                .thenComparing(Comparator.comparingLong((GatheredCandidate g) -> g.candidate().priority()).reversed()));
        try {
            LocalIce local = describe(all);
            List<GatheredCandidate> forAgent = config.relayOnly()
                    ? all.stream().filter(g -> g.candidate().type() == CandidateType.RELAY).toList()
                    : all;
            result.complete(new GatheringResult(local, forAgent, all, serverEvents,
                    Duration.ofNanos(scheduler.nanoTime() - startNanos),
                    config.udpBlocked() || UdpBlockedDetection.udpBlocked(config, servers())));
        } catch (IOException e) {
            result.completeExceptionally(e);
        }
    }

    private List<GatheredCandidate> servers() {
        List<GatheredCandidate> gathered = new ArrayList<>(reflexive.candidates());
        gathered.addAll(relays.candidates());
        return gathered;
    }

    /** What goes into SDP: credentials, the candidates, a default per component (RFC 8445 §5.1.4). */
    private LocalIce describe(List<GatheredCandidate> all) throws IOException {
        List<IceCandidate> candidates = RelayOnly.signalled(config,
                all.stream().map(GatheredCandidate::candidate).toList());
        Map<Integer, TransportAddr> defaults = new HashMap<>();
        for (int component = 1; component <= config.componentCount(); component++) {
            IceCandidate chosen = DefaultCandidates.choose(candidates, component)
                    .orElseThrow(() -> new IOException(name + ": no local candidate for a component"));
            defaults.put(component, new TransportAddr(chosen.address(), chosen.port()));
        }
        return new LocalIce(credentials, candidates, defaults);
    }
}

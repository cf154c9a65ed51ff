package org.sipice.ice.internal.engine.session;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.internal.CloseSteps;
import org.sipice.ice.internal.HostInterfaces;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.sdp.IceCredentials;

/**
 * What the check lists of one generation share (docs/ENGINE.md, "Forks"): one set of local
 * candidates and one local ufrag and pwd, the ones of the single offer, however many forks
 * answered it (RFC 8839 §7.3, RFC 3261 §13.2.2.4). It owns the gathering, the host ports (the
 * single-port mode's view registered once under the ufrag), the TURN allocations (one per server
 * and component; each fork's peers get their own permissions when its checks first reach them,
 * RFC 8656 §9), the STUN transactions (responses find their check by transaction id, whichever
 * fork's it is) and the packet demultiplexer with its {@link CheckLists}.
 *
 * <p>Each {@link LoopSession} sharing it holds it: the first one creates it, each fork's session
 * joins it, and the last one to close releases it. A fork's session that closes frees its own
 * check list only (agent, timers, transactions); the ports and allocations stay while another
 * session uses them. Session thread, except {@link #join()} and {@link #gather()}.
 */
final class SharedGathering {
    final String name;
    final IceConfig config;
    final Scheduler scheduler;
    final StunTransactions transactions;
    final CheckLists checkLists;
    private final HostPorts hostPorts;
    private final PacketDemux demux;
    private final RelayGathering relays;
    private final Gathering gathering;
    private final TcpHostCandidates tcp;
    private final AtomicBoolean gatherStarted = new AtomicBoolean();
    private final CompletableFuture<GatheringResult> result = new CompletableFuture<>();
    /** Where later TURN events go: every session sharing this one (copy on write, session thread). */
    private volatile List<SessionEvents> listeners = List.of();
    private int holders;
    private boolean released;
    private volatile IceCredentials credentials;
    private volatile IceCredentials preset;

    SharedGathering(String name, IceConfig config, Scheduler scheduler, PortOpener ports, IceLoop loops) {
        this.name = name;
        this.config = config;
        this.scheduler = scheduler;
        this.transactions = new StunTransactions(scheduler);
        this.hostPorts = new HostPorts(name);
        DropLog drops = new DropLog(name, scheduler);
        this.checkLists = new CheckLists(drops, () -> {
            IceCredentials c = credentials;
            return c == null ? null : c.ufrag();
        });
        this.demux = new PacketDemux(transactions, drops, checkLists);
        this.demux.checks(checkLists);
        this.relays = new RelayGathering(name, config, scheduler, transactions, demux, loops,
                event -> listeners.forEach(l -> l.emit(event)));
        this.tcp = TcpHostCandidates.forSession(name, loops, scheduler, transactions);
        if (config.udpMux().isPresent() && loops != null) {
            // Single-port mode (sipice.udp-mux): host candidates on the process's shared port,
            // registered once under the generation's ufrag, whatever number of forks check on it.
            PortOpener muxed = PortOpener.muxed(loops, config.udpMux().get(), () -> credentials.ufrag(), scheduler,
                    ports);
            this.gathering = new Gathering(name, config, scheduler, transactions, hostPorts, muxed, ports, demux,
                    relays, tcp);
        } else {
            this.gathering = new Gathering(name, config, scheduler, transactions, hostPorts, ports, null, demux,
                    relays, tcp);
        }
        this.holders = 1;
    }

    /** A further session (another fork's check list) holds this one; false once it was released. */
    synchronized boolean join() {
        if (released) {
            return false;
        }
        holders++;
        return true;
    }

    /** Uses {@code given} instead of fresh credentials; before {@link #gather()}. */
    void presetCredentials(IceCredentials given) {
        this.preset = given;
    }

    /** The local ufrag and pwd, once gathering started; null before. */
    IceCredentials credentials() {
        return credentials;
    }

    /** {@code events} gets the TURN events from now on (any thread: a fork is made off the loop). */
    synchronized void listen(SessionEvents events) {
        List<SessionEvents> now = new ArrayList<>(listeners);
        now.add(events);
        listeners = List.copyOf(now);
    }

    /**
     * Gathers once (RFC 8445 §5.1), however many sessions ask; the result completes on the
     * session thread. The host interfaces are read on the caller's thread (system calls), not the loop.
     */
    CompletableFuture<GatheringResult> gather() {
        if (gatherStarted.compareAndSet(false, true)) {
            List<InetAddress> addresses;
            try {
                addresses = config.udpMux().isPresent() ? List.of(config.udpMux().get().getAddress())
                        : HostInterfaces.select(config);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return result;
            }
            scheduler.execute(() -> start(addresses));
        }
        return result;
    }

    private void start(List<InetAddress> addresses) {
        if (releasedNow()) {
            result.completeExceptionally(new IllegalStateException("ICE session closed while gathering"));
            return;
        }
        IceCredentials c = preset != null ? preset : LocalCredentials.random();
        credentials = c;
        gathering.start(addresses, c).whenComplete((r, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(r);
            }
        });
    }

    private synchronized boolean releasedNow() {
        return released;
    }

    /** Host ports still open (a test and leak-check seam). Session thread. */
    int openHostPorts() {
        return hostPorts.openCount();
    }

    /**
     * One session let go of this one. The last releases everything: the gathering, the
     * demultiplexer, the TURN allocations (deleted, RFC 8656 §8), the host ports; the host ports
     * of allocations stay open until the deletions are answered ({@link TurnDeletionWait}); then
     * {@code done} runs. Any other session's leaving runs {@code done} at once. Session thread.
     */
    void leave(SessionEvents events, CloseSteps steps, Runnable done) {
        boolean last;
        synchronized (this) {
            List<SessionEvents> now = new ArrayList<>(listeners);
            now.remove(events);
            listeners = List.copyOf(now);
            last = --holders == 0;
            released = last;
        }
        if (!last) {
            done.run();
            return;
        }
        steps.run("gathering", gathering::cancel);
        steps.run("demultiplexer", demux::close);
        Set<DatagramPort> deleting = new HashSet<>();
        steps.run("TURN allocations", () -> {
            relays.close();
            deleting.addAll(relays.deleting());
        });
        steps.run("host ports", () -> hostPorts.closeAllBut(deleting));
        if (tcp != null) {
            steps.run("TCP candidates", tcp::close); // listening sockets and connections (RFC 6544)
        }
        Runnable finish = () -> {
            steps.run("STUN transactions", transactions::cancelAll);
            steps.run("TURN host ports", hostPorts::close);
            steps.run("TURN connections", relays::closeConnections);
            done.run();
        };
        if (deleting.isEmpty()) {
            finish.run();
        } else {
            TurnDeletionWait.then(scheduler, transactions, finish);
        }
    }

    @Override
    public synchronized String toString() {
        return name + " shared by " + holders + " session(s)";
    }

    /** For the gathering events each session reports: what every one of them saw. */
    static List<IceEvent> gatheringEvents(GatheringResult result) {
        List<IceEvent> out = new ArrayList<>(result.serverEvents());
        result.local().candidates().forEach(c -> out.add(new IceEvent.CandidateGathered(c)));
        out.add(new IceEvent.GatheringCompleted(result.local().candidates(), result.took()));
        return out;
    }
}

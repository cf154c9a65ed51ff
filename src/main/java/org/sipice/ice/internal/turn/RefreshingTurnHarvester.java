package org.sipice.ice.internal.turn;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.sipice.ice.TurnServer;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * ice4j's TURN harvester (UDP, long-term credentials, RFC 8656 §7) for one server and one agent,
 * whose harvests are {@link RefreshingTurnHarvest}s: allocations that are refreshed and deleted.
 */
final class RefreshingTurnHarvester extends TurnCandidateHarvester {
    private final TurnServer server;
    private final AllocationListener listener;
    private final SerialExecutor serial;
    private final List<RefreshingTurnHarvest> harvests = new CopyOnWriteArrayList<>();
    private volatile String failure;

    RefreshingTurnHarvester(TurnServer server, AllocationListener listener, String sessionName) {
        super(new TransportAddress(server.address(), Transport.UDP),
                new LongTermCredential(server.username(), server.password()));
        this.server = server;
        this.listener = listener;
        this.serial = new SerialExecutor(Executors.workers(), sessionName + "-turn");
    }

    /** One harvest per host candidate of the server's address family (ice4j calls this). */
    @Override
    protected RefreshingTurnHarvest createHarvest(HostCandidate hostCandidate) {
        RefreshingTurnHarvest harvest = new RefreshingTurnHarvest(this, hostCandidate);
        harvests.add(harvest);
        return harvest;
    }

    TurnServer server() {
        return server;
    }

    AllocationListener listener() {
        return listener;
    }

    SerialExecutor serial() {
        return serial;
    }

    /** Remembers why an Allocate failed; the last reason wins. */
    void allocateFailed(String reason) {
        failure = reason;
    }

    /** Why no allocation was granted, or null when nothing failed explicitly (silence). */
    String failure() {
        return failure;
    }

    /** Harvests whose allocation the server granted. */
    List<RefreshingTurnHarvest> allocations() {
        return harvests.stream().filter(h -> h.relayed() != null).collect(Collectors.toList());
    }

    /** Every harvest, granted or not: all must be released before the STUN stack stops. */
    List<RefreshingTurnHarvest> harvests() {
        return List.copyOf(harvests);
    }
}

package org.sipice.ice.internal.engine.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;
import org.sipice.internal.concurrent.Scheduler;

/**
 * The permissions of one allocation (RFC 8656 §9): one per peer IP address, installed by a
 * CreatePermission (§10) the first time the relayed port sends to that address, and renewed
 * before its 300 s run out until the allocation is closed. A permission that could not be
 * installed or renewed is reported and tried again at the next renewal; data keeps going out
 * meanwhile (the server drops it while no permission exists, §11.2).
 */
final class Permissions {
    private final Scheduler scheduler;
    private final TurnRequests requests;
    private final Consumer<TurnError> failed;
    private final Map<InetAddress, Permission> byAddress = new HashMap<>();
    private Duration renewEvery = TurnTimers.permissionRefresh(TurnTimers.PERMISSION_LIFETIME);
    private boolean closed;

    private static final class Permission {
        final InetSocketAddress peer;
        boolean installed;
        Scheduler.Timer renewal;

        Permission(InetSocketAddress peer) {
            this.peer = peer;
        }
    }

    /** @param failed told why a CreatePermission failed, for {@code IceEvent.TurnRefreshFailed} */
    Permissions(Scheduler scheduler, TurnRequests requests, Consumer<TurnError> failed) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.failed = failed;
    }

    /** How often permissions are renewed from now on ({@link TurnTimers#permissionRefresh}). */
    void renewEvery(Duration interval) {
        this.renewEvery = interval;
    }

    /** Installs a permission for {@code peer}'s IP address unless there is one (ports do not matter, §9). */
    void ensure(InetSocketAddress peer) {
        if (closed || byAddress.containsKey(peer.getAddress())) {
            return;
        }
        Permission p = new Permission(peer);
        byAddress.put(peer.getAddress(), p);
        install(p);
    }

    /**
     * True when a permission for {@code address} was asked for: RFC 8656 §11.4, a Data
     * indication from any other address is discarded.
     */
    boolean covers(InetAddress address) {
        return byAddress.containsKey(address);
    }

    /** True once the server confirmed the permission for {@code address}. */
    boolean installed(InetAddress address) {
        Permission p = byAddress.get(address);
        return p != null && p.installed;
    }

    /** Permissions asked for. */
    int size() {
        return byAddress.size();
    }

    /** Stops renewing; the requests in progress are cancelled by the owner. */
    void close() {
        closed = true;
        for (Permission p : byAddress.values()) {
            if (p.renewal != null) {
                p.renewal.cancel();
            }
        }
    }

    /** RFC 8656 §10.1: a CreatePermission both installs and refreshes a permission. */
    private void install(Permission p) {
        TransportAddress peer = new TransportAddress(p.peer, Transport.UDP);
        requests.send(id -> MessageFactory.createCreatePermissionRequest(peer, id.bytes()), TurnTimers.MAINTENANCE,
                new TurnRequests.Result() {
                    @Override
                    public void succeeded(Response response) {
                        p.installed = true;
                    }

                    @Override
                    public void failed(TurnError error) {
                        if (!closed) {
                            failed.accept(error);
                        }
                    }
                });
        p.renewal = scheduler.schedule(renewEvery, () -> {
            if (!closed) {
                install(p);
            }
        });
    }
}

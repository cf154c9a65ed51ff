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
import org.sipice.internal.concurrent.Scheduler;

/**
 * The permissions of one allocation (RFC 8656 §9): one per peer IP address, installed by a
 * CreatePermission (§10) the first time the relayed port sends to that address, and renewed
 * before its 300 s run out until the allocation is closed. A permission that could not be
 * installed or renewed is reported and tried again at the next renewal; data keeps going out
 * meanwhile (the server drops it while no permission exists, §11.2).
 */
final class Permissions {
    private final Refreshing refreshing;
    private final Map<InetAddress, Permission> byAddress = new HashMap<>();

    private static final class Permission {
        final TransportAddress peer;
        boolean installed;

        Permission(InetSocketAddress peer) {
            this.peer = new TransportAddress(peer, Transport.UDP);
        }
    }

    /** @param failed told why a CreatePermission failed, for {@code IceEvent.TurnRefreshFailed} */
    Permissions(Scheduler scheduler, TurnRequests requests, Consumer<TurnError> failed) {
        this.refreshing = new Refreshing(scheduler, requests,
                TurnTimers.permissionRefresh(TurnTimers.PERMISSION_LIFETIME), failed);
    }

    /** How often permissions are renewed from now on ({@link TurnTimers#permissionRefresh}). */
    void renewEvery(Duration interval) {
        refreshing.every(interval);
    }

    /**
     * Installs a permission for {@code peer}'s IP address unless there is one (ports do not
     * matter, §9). RFC 8656 §10.1: a CreatePermission both installs and refreshes a permission;
     * one that failed leaves the permission as it was until the next renewal.
     */
    void ensure(InetSocketAddress peer) {
        if (refreshing.closed() || byAddress.containsKey(peer.getAddress())) {
            return;
        }
        Permission p = new Permission(peer);
        byAddress.put(peer.getAddress(), p);
        refreshing.keep(peer.getAddress(), id -> MessageFactory.createCreatePermissionRequest(p.peer, id.bytes()),
                ok -> p.installed |= ok);
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
        refreshing.close();
    }
}

package org.sipice.ice.internal.engine.turn;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.attribute.XorRelayedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.sdp.TransportAddr;

/**
 * The life of one allocation: Allocate (RFC 8656 §7), Refresh before expiry (§8), deletion by a
 * Refresh with LIFETIME 0 (§8) on close, and the events a user sees: {@code TurnAllocated},
 * {@code TurnRefreshed}, {@code TurnRefreshFailed}. Used on the session's thread only.
 */
final class Allocation {
    private static final Logger LOG = LogManager.getLogger(Allocation.class);
    /** RFC 8656 §7.1: REQUESTED-TRANSPORT 17, a UDP relay. */
    private static final byte UDP = 17;

    private final Scheduler scheduler;
    private final TurnRequests requests;
    private final String server;
    private final int componentId;
    private final Consumer<IceEvent> events;
    private final Consumer<TurnAllocation> onGranted;
    private final Runnable onLost;
    private final CompletableFuture<TurnAllocation> granted = new CompletableFuture<>();
    private boolean started;
    private boolean closed;
    private TransportAddr relayed;
    private long expiresAtNanos;
    private Scheduler.Timer refreshTimer;

    /**
     * @param server    the server as events name it ({@code TurnServer.toString()})
     * @param onGranted told the allocation before its events and future, to open the relayed port
     * @param onLost    told once the allocation is gone (its refresh failed for good, or a 437)
     */
    Allocation(Scheduler scheduler, TurnRequests requests, String server, int componentId,
            Consumer<IceEvent> events, Consumer<TurnAllocation> onGranted, Runnable onLost) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.server = server;
        this.componentId = componentId;
        this.events = events;
        this.onGranted = onGranted;
        this.onLost = onLost;
    }

    /** Completes once with what the server granted, or with a {@link TurnException}. */
    CompletableFuture<TurnAllocation> future() {
        return granted;
    }

    /** Sends the Allocate request, once; later calls do nothing. */
    void start() {
        if (started || closed) {
            return;
        }
        started = true;
        requests.send(id -> MessageFactory.createAllocateRequest(UDP, false), TurnTimers.ALLOCATE,
                new TurnRequests.Result() {
                    @Override
                    public void succeeded(Response response) {
                        allocated(response);
                    }

                    @Override
                    public void failed(TurnError error) {
                        LOG.debug("TURN {} component {}: no allocation: {}", server, componentId, error.reason());
                        granted.completeExceptionally(
                                new TurnException(server, error.code(), error.reason(), error.alternate()));
                    }
                });
    }

    /**
     * Emits {@code TurnRefreshFailed} for a permission or channel that could not be kept; a 437
     * means the allocation itself is gone (RFC 8656 §10.2, §12.2).
     */
    void keepFailed(TurnError error) {
        if (closed || relayed == null) {
            return;
        }
        LOG.info("TURN allocation {} via {}: {}", relayed, server, error.reason());
        events.accept(new IceEvent.TurnRefreshFailed(server, componentId, relayed, error.reason()));
        if (error.code() == 437) {
            lost();
        }
    }

    /**
     * Stops refreshing and deletes the allocation (RFC 8656 §8: Refresh with LIFETIME 0),
     * without waiting for the answer. An Allocate still in progress is deleted when granted.
     */
    void close() {
        close(() -> { });
    }

    /**
     * As {@link #close()}; {@code afterwards} runs once the deletion is answered or given up, at
     * once when there is nothing to delete (TURN over TCP then closes its connection).
     */
    void close(Runnable afterwards) {
        if (closed) {
            return;
        }
        closed = true;
        if (refreshTimer != null) {
            refreshTimer.cancel();
        }
        if (relayed != null) {
            delete(afterwards);
        } else {
            afterwards.run();
        }
        granted.completeExceptionally(new TurnException(server, TurnException.NO_RESPONSE,
                "closed before the allocation was granted"));
    }

    private void allocated(Response response) {
        XorRelayedAddressAttribute relayedAttribute =
                (XorRelayedAddressAttribute) response.getAttribute(Attribute.XOR_RELAYED_ADDRESS);
        XorMappedAddressAttribute mappedAttribute =
                (XorMappedAddressAttribute) response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        InetSocketAddress relayedAddress = relayedAttribute == null ? null
                : plain(relayedAttribute.getAddress(response.getTransactionID()));
        InetSocketAddress mappedAddress = mappedAttribute == null ? null
                : plain(mappedAttribute.getAddress(response.getTransactionID()));
        if (relayedAddress == null) {
            fail(TurnErrors.malformed(Message.ALLOCATE_REQUEST, "without XOR-RELAYED-ADDRESS"));
            return;
        }
        relayed = new TransportAddr(relayedAddress.getAddress().getHostAddress(), relayedAddress.getPort());
        if (closed) {
            delete(); // close() came first: nothing waits for this allocation
            return;
        }
        if (mappedAddress == null) {
            // RFC 8656 §7.3: the success response carries it; without it there is no candidate pair to offer.
            fail(TurnErrors.malformed(Message.ALLOCATE_REQUEST, "without XOR-MAPPED-ADDRESS"));
            delete();
            closed = true;
            return;
        }
        Duration lifetime = lifetimeOf(response);
        TurnAllocation allocation = new TurnAllocation(relayedAddress, mappedAddress, lifetime);
        LOG.debug("TURN allocation {} via {} for component {}, lifetime {} s", relayed, server, componentId,
                lifetime.toSeconds());
        scheduleRefresh(lifetime);
        onGranted.accept(allocation);
        events.accept(new IceEvent.TurnAllocated(server, componentId, relayed, lifetime));
        granted.complete(allocation);
    }

    /** RFC 8656 §8: a Refresh without LIFETIME asks for the server's default lifetime again. */
    private void refresh() {
        if (closed) {
            return;
        }
        requests.send(id -> MessageFactory.createRefreshRequest(), TurnTimers.MAINTENANCE, new TurnRequests.Result() {
            @Override
            public void succeeded(Response response) {
                Duration lifetime = lifetimeOf(response);
                scheduleRefresh(lifetime);
                LOG.debug("TURN allocation {} via {} refreshed, lifetime {} s", relayed, server, lifetime.toSeconds());
                events.accept(new IceEvent.TurnRefreshed(server, componentId, relayed, lifetime));
            }

            @Override
            public void failed(TurnError error) {
                refreshFailed(error);
            }
        });
    }

    private void refreshFailed(TurnError error) {
        long left = expiresAtNanos - scheduler.nanoTime();
        if (error.timedOut() && left > TurnTimers.RETRY_WINDOW.toNanos()) {
            // RFC 8656 §8: the client may retry; half of what is left keeps a margin for one more.
            LOG.info("TURN Refresh of {} via {} timed out; retrying", relayed, server);
            refreshTimer = scheduler.schedule(Duration.ofNanos(left / 2), this::refresh);
            return;
        }
        LOG.warn("TURN allocation {} via {} could not be refreshed: {}", relayed, server, error.reason());
        events.accept(new IceEvent.TurnRefreshFailed(server, componentId, relayed, error.reason()));
        lost();
    }

    /** The allocation expires or is gone: nothing more to refresh, renew or delete. */
    private void lost() {
        closed = true;
        if (refreshTimer != null) {
            refreshTimer.cancel();
        }
        onLost.run();
    }

    private void scheduleRefresh(Duration lifetime) {
        expiresAtNanos = scheduler.nanoTime() + lifetime.toNanos();
        refreshTimer = scheduler.schedule(TurnTimers.allocationRefresh(lifetime), this::refresh);
    }

    private void delete() {
        delete(() -> { });
    }

    private void delete(Runnable afterwards) {
        requests.send(id -> MessageFactory.createRefreshRequest(0), TurnTimers.MAINTENANCE, new TurnRequests.Result() {
            @Override
            public void succeeded(Response response) {
                LOG.debug("TURN allocation {} via {} deleted", relayed, server);
                afterwards.run();
            }

            @Override
            public void failed(TurnError error) {
                LOG.info("TURN allocation {} via {} not deleted ({}); it expires on its own", relayed, server,
                        error.reason());
                afterwards.run();
            }
        });
    }

    /**
     * The connection to the server is gone (TURN over TCP, RFC 8656 §3.1: the allocation lives on
     * its connection): the Allocate fails with {@code reason}, or a granted allocation is lost
     * with a {@code TurnRefreshFailed} event giving it.
     */
    void connectionLost(String reason) {
        if (closed) {
            return;
        }
        if (relayed == null) {
            closed = true;
            fail(new TurnError(TurnException.NO_RESPONSE, reason));
            return;
        }
        LOG.warn("TURN allocation {} via {} lost: {}", relayed, server, reason);
        events.accept(new IceEvent.TurnRefreshFailed(server, componentId, relayed, reason));
        lost();
    }

    private void fail(TurnError error) {
        LOG.info("TURN {} component {}: {}", server, componentId, error.reason());
        granted.completeExceptionally(new TurnException(server, error.code(), error.reason()));
    }

    /** RFC 8656 §7.3: LIFETIME in seconds (unsigned 32 bits); absent, the 600 s default. */
    private static Duration lifetimeOf(Response response) {
        LifetimeAttribute attribute = (LifetimeAttribute) response.getAttribute(Attribute.LIFETIME);
        return attribute == null ? TurnTimers.DEFAULT_ALLOCATION_LIFETIME
                : Duration.ofSeconds(attribute.getLifetime() & 0xFFFF_FFFFL);
    }

    private static InetSocketAddress plain(TransportAddress address) {
        return address == null || address.getAddress() == null ? null
                : new InetSocketAddress(address.getAddress(), address.getPort());
    }
}

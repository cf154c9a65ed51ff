package org.sipice.ice.internal.turn;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.BaseStunMessageEvent;
import org.ice4j.StunException;
import org.ice4j.StunResponseEvent;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.LifetimeAttribute;
import org.ice4j.attribute.XorRelayedAddressAttribute;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.socket.RelayedCandidateDatagramSocket;
import org.ice4j.stack.TransactionID;
import org.sipice.internal.concurrent.Executors;
import org.sipice.sdp.TransportAddr;

/**
 * One TURN allocation (one host candidate, one server) that lasts: ice4j's harvest plus the
 * refreshes ice4j never sends (reference/ice4j.md §7.3-7.4) and a deletion that works.
 *
 * <ul>
 * <li>Allocation: LIFETIME is read from the Allocate success response and a Refresh is sent at
 * {@link TurnTimers#allocationRefresh}, again after each successful Refresh (RFC 8656 §8).</li>
 * <li>Permissions and channel bindings: renewed by {@link TurnPermissions} on their own timer.</li>
 * <li>Deletion: {@link #release()} sends Refresh with LIFETIME=0 (RFC 8656 §8) while the STUN stack
 * still runs.</li>
 * <li>438 Stale Nonce, on any request: retried once with the new nonce (RFC 8489 §9.2.5).</li>
 * </ul>
 *
 * <p>ice4j's own keep-alive thread (which never sends) is not started. Timers run on sipice's
 * shared timer and their work on the harvester's serial executor; ice4j threads only record
 * results and schedule.
 */
final class RefreshingTurnHarvest extends TurnCandidateHarvest {
    private static final Logger LOG = LogManager.getLogger(RefreshingTurnHarvest.class);
    /** A failed Refresh is retried while at least this much of the allocation's lifetime is left. */
    private static final Duration RETRY_WINDOW = Duration.ofSeconds(2);

    private final RefreshingTurnHarvester owner;
    private final TurnPermissions permissions = new TurnPermissions();
    private final RecentTransactions answered = new RecentTransactions();
    private final RecentTransactions staleNonceRetries = new RecentTransactions();
    private final ThreadLocal<Boolean> retryingStaleNonce = new ThreadLocal<>();
    private final CompletableFuture<Boolean> deleted = new CompletableFuture<>();

    private volatile TransportAddr relayed;
    private volatile long expiresAtNanos;
    private ScheduledFuture<?> refreshTimer;
    private ScheduledFuture<?> permissionTimer;
    private boolean releasing;
    private boolean allocateFailed;
    private volatile boolean serverAnswered;

    RefreshingTurnHarvest(RefreshingTurnHarvester owner, HostCandidate hostCandidate) {
        super(owner, hostCandidate);
        this.owner = owner;
    }

    /** The relayed address, or null while (or if) the server has not granted one. */
    TransportAddr relayed() {
        return relayed;
    }

    int componentId() {
        return hostCandidate.getParentComponent().getComponentID();
    }

    // ---- responses (ice4j STUN threads: record and schedule only) ---------------------------

    /**
     * Every response. A 438 Stale Nonce is retried by ice4j with the new nonce
     * ({@code StunCandidateHarvest.processStaleNonce}), and again for every further 438, so a
     * server that keeps answering 438 would get a request storm. RFC 8489 §9.2.5 expects one
     * retry: a 438 to a request that was itself such a retry is handled as a failure.
     */
    @Override
    public void processResponse(StunResponseEvent event) {
        answered.add(event.getTransactionID());
        serverAnswered = true;
        Response response = event.getResponse();
        if (!TurnErrors.is(response, 438)) {
            super.processResponse(event);
        } else if (staleNonceRetries.contains(event.getTransactionID())) {
            Request request = event.getRequest();
            LOG.info("TURN {} via {}: 438 again after a retry with the new nonce; giving up", relayed, owner.server());
            if (!processErrorOrFailure(response, request, event.getTransactionID())) {
                completedResolvingCandidate(request, response);
            }
        } else {
            retryingStaleNonce.set(Boolean.TRUE); // ice4j retries on this thread, inside super
            try {
                super.processResponse(event);
            } finally {
                retryingStaleNonce.remove();
            }
        }
    }

    /** Notes the ids of requests ice4j sends to retry after a 438 (see {@link #processResponse}). */
    @Override
    protected TransactionID sendRequest(Request request, boolean firstRequest, TransactionID transactionID)
            throws StunException {
        TransactionID sent = super.sendRequest(request, firstRequest, transactionID);
        if (retryingStaleNonce.get() != null) {
            staleNonceRetries.add(sent);
        }
        return sent;
    }

    /**
     * Timeouts and ICMP errors. A timeout of an answered transaction is a false alarm from an
     * ice4j race (StunClientTransaction.sendRequest at 3.2-15-g6da2b08 sends, then schedules the
     * retransmissions; a response arriving in between cancels a timer that is not running yet,
     * which then skips every retransmission and still reports a timeout ~4 s later). It is
     * ignored, or working allocations and permissions would be reported as failed.
     */
    @Override
    protected void processFailure(BaseStunMessageEvent event) {
        if (answered.contains(event.getTransactionID())) {
            LOG.trace("TURN {}: ignoring the timeout of an answered transaction {}", relayed, event.getTransactionID());
            return;
        }
        super.processFailure(event);
    }

    @Override
    protected void processSuccess(Response response, Request request, TransactionID transactionID) {
        super.processSuccess(response, request, transactionID);
        switch (request.getMessageType()) {
            case Message.ALLOCATE_REQUEST:
                allocated(response);
                break;
            case Message.REFRESH_REQUEST:
                refreshed(request, response);
                break;
            case Message.CREATEPERMISSION_REQUEST:
                permissions.permissionInstalled(request);
                break;
            case Message.CHANNELBIND_REQUEST:
                permissions.channelBound(request);
                break;
            default:
                break;
        }
    }

    @Override
    protected boolean processErrorOrFailure(Response response, Request request, TransactionID transactionID) {
        boolean handled = super.processErrorOrFailure(response, request, transactionID);
        if (handled || request == null) {
            return handled;
        }
        String reason = TurnErrors.describe(request, response, owner.server().username());
        LOG.debug("TURN {} via {}: {}", relayed == null ? hostCandidate : relayed, owner.server(), reason);
        switch (request.getMessageType()) {
            case Message.ALLOCATE_REQUEST:
                // ice4j falls back to a Binding request afterwards; the reason is what the user needs.
                owner.allocateFailed(reason);
                synchronized (this) {
                    allocateFailed = true;
                    if (releasing) {
                        deleted.complete(true); // nothing to delete
                    }
                }
                break;
            case Message.REFRESH_REQUEST:
                if (lifetimeOf(request) == 0) {
                    LOG.info("TURN allocation {} via {} not deleted: {}", relayed, owner.server(), reason);
                    deleted.complete(false);
                } else {
                    refreshFailed(reason, response == null);
                }
                break;
            case Message.CREATEPERMISSION_REQUEST:
            case Message.CHANNELBIND_REQUEST:
                if (relayed != null && !isReleasing()) {
                    owner.listener().refreshFailed(this, reason);
                }
                break;
            default:
                break;
        }
        return false;
    }

    private void allocated(Response response) {
        XorRelayedAddressAttribute attribute =
                (XorRelayedAddressAttribute) response.getAttribute(Attribute.XOR_RELAYED_ADDRESS);
        if (attribute == null) {
            owner.allocateFailed("Allocate success response without XOR-RELAYED-ADDRESS");
            return;
        }
        TransportAddress address = attribute.getAddress(response.getTransactionID());
        Duration lifetime = grantedLifetime(response);
        synchronized (this) {
            relayed = new TransportAddr(address.getHostAddress(), address.getPort());
            LOG.debug("TURN allocation {} via {} for {}, lifetime {} s", relayed, owner.server(), hostCandidate,
                    lifetime.toSeconds());
            if (releasing) {
                // close() came first: delete at once, nothing waits for the answer.
                sendDeletion();
                return;
            }
            Duration refresh = TurnTimers.allocationRefresh(lifetime);
            Duration renew = TurnTimers.permissionRefresh(refresh);
            refreshTimer = schedule(this::refresh, refresh);
            permissionTimer = Executors.timer().scheduleAtFixedRate(() -> owner.serial().execute(this::renewPermissions),
                    renew.toMillis(), renew.toMillis(), TimeUnit.MILLISECONDS);
        }
        owner.listener().allocated(this, lifetime);
    }

    private void refreshed(Request request, Response response) {
        if (lifetimeOf(request) == 0) {
            LOG.debug("TURN allocation {} via {} deleted", relayed, owner.server());
            deleted.complete(true);
            return;
        }
        Duration lifetime = grantedLifetime(response);
        synchronized (this) {
            if (releasing) {
                return;
            }
            refreshTimer = schedule(this::refresh, TurnTimers.allocationRefresh(lifetime));
        }
        LOG.debug("TURN allocation {} via {} refreshed, lifetime {} s", relayed, owner.server(), lifetime.toSeconds());
        owner.listener().refreshed(this, lifetime);
    }

    private void refreshFailed(String reason, boolean timedOut) {
        long leftNanos = expiresAtNanos - System.nanoTime();
        if (timedOut && leftNanos > RETRY_WINDOW.toNanos()) {
            // RFC 8656 §8: the client may retry; half of what is left keeps a margin for one more.
            synchronized (this) {
                if (!releasing) {
                    LOG.info("TURN Refresh of {} via {} timed out; retrying", relayed, owner.server());
                    refreshTimer = schedule(this::refresh, Duration.ofNanos(leftNanos / 2));
                }
            }
            return;
        }
        if (!isReleasing()) {
            LOG.warn("TURN allocation {} via {} could not be refreshed: {}", relayed, owner.server(), reason);
            owner.listener().refreshFailed(this, reason);
        }
    }

    private Duration grantedLifetime(Response response) {
        LifetimeAttribute attribute = (LifetimeAttribute) response.getAttribute(Attribute.LIFETIME);
        Duration lifetime = attribute == null ? TurnTimers.DEFAULT_ALLOCATION_LIFETIME
                : Duration.ofSeconds(attribute.getLifetime());
        expiresAtNanos = System.nanoTime() + lifetime.toNanos();
        return lifetime;
    }

    private static int lifetimeOf(Request request) {
        LifetimeAttribute attribute = (LifetimeAttribute) request.getAttribute(Attribute.LIFETIME);
        return attribute == null ? -1 : attribute.getLifetime();
    }

    // ---- refreshes (serial executor) -----------------------------------------------------

    /**
     * RFC 8656 §8: a Refresh without LIFETIME asks for the server's default lifetime. (coturn
     * 4.6 then grants 600 s even when its max-allocate-lifetime is lower, and raises any
     * requested LIFETIME below 600 s to 600 s: asking for the first lifetime again changes nothing.)
     */
    private void refresh() {
        if (isReleasing()) {
            return;
        }
        try {
            sendRequest(MessageFactory.createRefreshRequest(), false, null);
        } catch (StunException e) {
            refreshFailed("Refresh could not be sent: " + e.getMessage(), false);
        }
    }

    private void renewPermissions() {
        if (isReleasing()) {
            return;
        }
        try {
            List<Request> renewals = permissions.renewals();
            LOG.debug("TURN allocation {}: renewing {}", relayed, permissions.summary());
            for (Request request : renewals) {
                sendRequest(request, false, null);
            }
        } catch (StunException e) {
            owner.listener().refreshFailed(this, "permission renewal could not be sent: " + e.getMessage());
        }
    }

    private ScheduledFuture<?> schedule(Runnable work, Duration delay) {
        return Executors.timer().schedule(() -> owner.serial().execute(work), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- deletion ------------------------------------------------------------------------

    /**
     * Stops refreshing and deletes the allocation with Refresh(LIFETIME=0), RFC 8656 §8. Must run
     * before the agent's STUN stack stops. The future tells whether the server confirmed.
     */
    CompletableFuture<Boolean> release() {
        synchronized (this) {
            if (releasing) {
                return deleted;
            }
            releasing = true;
            cancelTimers();
            if (relayed == null) {
                if (allocateFailed || !serverAnswered) {
                    deleted.complete(true); // nothing allocated, or a silent server: nothing to wait for
                }
                // Otherwise the server challenged us and the authenticated Allocate is in flight:
                // allocated() deletes it as soon as it is granted (within the close() wait).
                return deleted;
            }
            sendDeletion();
        }
        return deleted;
    }

    private void sendDeletion() {
        try {
            sendRequest(MessageFactory.createRefreshRequest(0), false, null);
        } catch (StunException e) {
            LOG.info("TURN allocation {} via {}: Refresh(0) not sent: {}", relayed, owner.server(), e.getMessage());
            deleted.complete(false);
        }
    }

    private synchronized boolean isReleasing() {
        return releasing;
    }

    private void cancelTimers() {
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
        }
        if (permissionTimer != null) {
            permissionTimer.cancel(false);
        }
    }

    /**
     * ice4j calls this when the relayed socket closes, after {@code Agent.free()} stopped the STUN
     * stack, so its own Refresh(0) cannot go out (reference/ice4j.md §7.3). Deletion happened in
     * {@link #release()}; here only the timers stop.
     */
    @Override
    public void close(RelayedCandidateDatagramSocket socket) {
        synchronized (this) {
            if (!releasing) {
                LOG.info("TURN allocation {} via {} closed without deletion; it expires on its own", relayed,
                        owner.server());
                deleted.complete(false);
            }
            releasing = true;
            cancelTimers();
        }
    }

    /** ice4j's keep-alive thread waits forever without sending (ice4j.md §7.3); our timers replace it. */
    @Override
    protected void setSendKeepAliveMessageInterval(long interval) {
    }
}

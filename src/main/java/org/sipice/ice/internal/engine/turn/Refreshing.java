package org.sipice.ice.internal.engine.turn;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.stun.TransactionId;
import org.sipice.internal.concurrent.Scheduler;

/**
 * Keeps per-peer state on the TURN server alive by sending its request again before it expires:
 * a permission (RFC 8656 §9, 300 s, renewed by CreatePermission §10.1) or a channel binding
 * (§12, 10 minutes, renewed by ChannelBind §12.1). Each is sent at once, then every
 * {@link #every interval} until {@link #close}. A request that fails is reported (for
 * {@code IceEvent.TurnRefreshFailed}) and simply sent again at the next renewal.
 * {@link Permissions} and {@link Channels} each own one; used on the session's thread only.
 */
final class Refreshing {
    private final Scheduler scheduler;
    private final TurnRequests requests;
    private final Consumer<TurnError> failed;
    private final Map<Object, Scheduler.Timer> timers = new HashMap<>();
    private Duration every;
    private boolean closed;

    /**
     * @param every  how often to renew until told otherwise ({@link TurnTimers#permissionRefresh},
     *               {@link TurnTimers#channelRefresh})
     * @param failed told why a request failed, unless closed by then
     */
    Refreshing(Scheduler scheduler, TurnRequests requests, Duration every, Consumer<TurnError> failed) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.every = every;
        this.failed = failed;
    }

    /** How often the state is renewed from the next renewal on. */
    void every(Duration interval) {
        this.every = interval;
    }

    /**
     * Sends the request {@code form} makes now and again every interval until closed;
     * {@code confirmed} is told after each whether the server accepted it.
     */
    void keep(Object key, Function<TransactionId, Request> form, Consumer<Boolean> confirmed) {
        if (closed) {
            return;
        }
        requests.send(form, TurnTimers.MAINTENANCE, new TurnRequests.Result() {
            @Override
            public void succeeded(Response response) {
                confirmed.accept(true);
            }

            @Override
            public void failed(TurnError error) {
                confirmed.accept(false);
                if (!closed) {
                    failed.accept(error);
                }
            }
        });
        timers.put(key, scheduler.schedule(every, () -> keep(key, form, confirmed)));
    }

    /** True once closed: nothing more is asked for. */
    boolean closed() {
        return closed;
    }

    /** Stops renewing; the requests in progress are cancelled by the owner. */
    void close() {
        closed = true;
        for (Scheduler.Timer timer : timers.values()) {
            timer.cancel();
        }
    }
}

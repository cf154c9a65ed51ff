package org.sipice.b2bua.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.sip.message.Request;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.b2bua.B2buaConfig;
import org.sipice.b2bua.B2buaEvent;
import org.sipice.b2bua.B2buaEvent.Leg;
import org.sipice.b2bua.B2buaListener;
import org.sipice.b2bua.B2buaRoute;
import org.sipice.ice.IceEvent;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;

/**
 * One call through the B2BUA: the incoming leg (we answer, ICE controlled), the outgoing leg
 * (we offer, ICE controlling), each with its own ICE session, credentials and candidates, and the
 * media relay between their selected pairs.
 *
 * <pre>
 *   A                         B2BUA                         B
 *   INVITE (offer A) ──────▶  route → destination
 *                             gather (in)  ║ gather (out)   in parallel (RFC 8839 §7.5)
 *            ◀── 100/183 (answer, in creds)
 *                             INVITE (offer, out creds) ──▶
 *                             ◀── 100/183 (answer B)
 *        checks in                         checks out
 *            ◀── 180          once BOTH legs are ICE-ready (configurable)
 *                             ◀── 200 OK
 *            ◀── 200 OK
 *        RTP/RTCP ◀══════▶ relay ◀══════▶ RTP/RTCP
 * </pre>
 *
 * <p>Either leg ending (BYE, CANCEL, rejection, timeout) or failing (ICE failure, consent lost,
 * RFC 7675 §5.1) ends the other: BYE once established, CANCEL or a final response before. Its
 * state is guarded by the bridge's monitor; the legs' {@link Call} methods never block.
 */
public final class Bridge {
    private static final Logger LOG = LogManager.getLogger(Bridge.class);

    private final String id;
    private final long inviteNanos;
    private final B2buaConfig config;
    private final B2buaListener listener;
    private final BiFunction<String, CallListener, Call> dialer;
    private final Consumer<Bridge> onFinished;
    private final CompletableFuture<Void> outgoingIceReady = new CompletableFuture<>();
    private Call incoming;
    private Call outgoing;
    private String pendingDestination;
    private MediaRelay relay;
    private Leg cause;
    private String reason;
    private boolean failure;
    private boolean finished;

    /**
     * @param dialer starts the outgoing leg: destination and that leg's own listener
     * @param onFinished called once both legs have ended
     */
    public Bridge(String id, long inviteNanos, B2buaConfig config, B2buaListener listener,
            BiFunction<String, CallListener, Call> dialer, Consumer<Bridge> onFinished) {
        this.id = id;
        this.inviteNanos = inviteNanos;
        this.config = config;
        this.listener = listener;
        this.dialer = dialer;
        this.onFinished = onFinished;
    }

    public String id() {
        return id;
    }

    /** Whether the incoming leg reached routing (the SIP layer accepted its offer). */
    public synchronized boolean routed() {
        return incoming != null;
    }

    /** The incoming INVITE was accepted with an ICE offer: route it and start the outgoing leg. */
    public void onIncoming(Call in, B2buaRoute route) {
        Optional<String> destination;
        Request invite = in.incomingInvite().orElseThrow();
        synchronized (this) {
            incoming = in;
        }
        try {
            destination = route.destination(invite);
        } catch (RuntimeException e) {
            LOG.warn("{}: the route function failed", id, e);
            refuse(in, 500, "Routing failed");
            return;
        }
        if (destination.isEmpty()) {
            refuse(in, config.noRouteStatus(), "No route to " + invite.getRequestURI());
            return;
        }
        if (config.ringingWaitsFor() == B2buaConfig.RingingWaitsFor.BOTH_LEGS) {
            in.holdRingingUntil(outgoingIceReady);
        }
        in.iceReady().whenComplete((v, error) -> {
            if (error == null) {
                maybeBridge();
            }
        });
        in.ended().thenAccept(e -> legEnded(Leg.INCOMING, e));
        synchronized (this) {
            pendingDestination = destination.get();
        }
        if (config.outgoingLegStart() == B2buaConfig.OutgoingLegStart.ON_INVITE) {
            startOutgoing();
        }
    }

    private void refuse(Call in, int status, String why) {
        LOG.info("{}: refusing with {}: {}", id, status, why);
        listener.onEvent(new B2buaEvent.Rejected(id, status, why));
        in.reject(status, why);
        in.ended().thenAccept(e -> finish());
    }

    /** Starts the outgoing leg once (ON_INVITE at once, AFTER_INCOMING_ANSWER after our early answer). */
    private void startOutgoing() {
        String destination;
        synchronized (this) {
            if (outgoing != null || cause != null || pendingDestination == null) {
                return;
            }
            destination = pendingDestination;
            listener.onEvent(new B2buaEvent.OutgoingLegStarted(id, destination, sinceInvite()));
            outgoing = dialer.apply(destination, legListener(Leg.OUTGOING));
        }
        Call out = outgoing;
        out.iceReady().whenComplete((v, error) -> {
            if (error == null) {
                outgoingIceReady.complete(null);
                maybeBridge();
            } else if (out.state() != CallState.ENDED) {
                legFailed(Leg.OUTGOING, "ICE failed on the outgoing leg: " + error.getMessage());
            }
        });
        // The callee answered: so does the B2BUA (the 200 waits for the incoming leg's gate).
        out.established().thenRun(() -> incoming.answer());
        out.ended().thenAccept(e -> legEnded(Leg.OUTGOING, e));
    }

    /** The listener of one leg: failures end the bridge; everything is reported as a LegEvent. */
    public CallListener legListener(Leg leg) {
        return new CallListener() {
            @Override
            public void onEvent(Call call, long atNanos, CallEvent event) {
                onLegEvent(leg, call, atNanos, event);
            }
        };
    }

    /** An event of either leg, on that leg's executor. */
    public void onLegEvent(Leg leg, Call call, long atNanos, CallEvent event) {
        listener.onEvent(new B2buaEvent.LegEvent(id, leg, call, atNanos, event));
        if (event instanceof CallEvent.Ice ice) {
            if (ice.event() instanceof IceEvent.ConsentLost lost) {
                // RFC 7675 §5.1: no more media toward that peer; the bridged call cannot go on.
                legFailed(leg, "consent lost on the " + name(leg) + " leg after "
                        + lost.sinceLastResponse().toMillis() + " ms");
            } else if (ice.event() instanceof IceEvent.Failed failed && call.state() == CallState.ESTABLISHED) {
                legFailed(leg, "ICE failed on the " + name(leg) + " leg: " + failed.reason());
            }
        } else if (leg == Leg.INCOMING && event instanceof CallEvent.SipMessage m
                && m.direction() == CallEvent.Direction.SENT && m.hasSdp()
                && config.outgoingLegStart() == B2buaConfig.OutgoingLegStart.AFTER_INCOMING_ANSWER) {
            startOutgoing(); // sequential mode: our early answer went out
        }
    }

    private void maybeBridge() {
        synchronized (this) {
            if (relay != null || cause != null || incoming == null || outgoing == null
                    || !incoming.iceReady().isDone() || incoming.iceReady().isCompletedExceptionally()
                    || !outgoingIceReady.isDone()) {
                return;
            }
            relay = MediaRelay.start(incoming.media(), incoming.selectedPair(2).isPresent(), outgoing.media(),
                    outgoing.selectedPair(2).isPresent());
        }
        listener.onEvent(new B2buaEvent.Bridged(id, sinceInvite()));
    }

    /** A leg failed without ending by itself: end both. */
    private void legFailed(Leg leg, String why) {
        Call in;
        Call out;
        synchronized (this) {
            if (cause != null) {
                return;
            }
            cause = leg;
            reason = why;
            failure = true;
            in = incoming;
            out = outgoing;
        }
        LOG.info("{}: {}", id, why);
        endIncoming(in, 480, "Temporarily Unavailable");
        if (out != null) {
            out.hangup();
        }
    }

    /** A leg ended (BYE, CANCEL, final response, timeout): end the other one. */
    private void legEnded(Leg leg, CallEvent.Ended ended) {
        Call other;
        synchronized (this) {
            if (cause == null) {
                cause = leg;
                reason = ended.reason();
                failure = ended.failure();
            }
            other = leg == Leg.INCOMING ? outgoing : incoming;
            if (relay != null) {
                relay.close();
            }
        }
        if (other != null && other.state() != CallState.ENDED) {
            if (leg == Leg.OUTGOING) {
                endIncoming(other, LegStatus.forCaller(ended.reason()), LegStatus.phrase(ended.reason()));
            } else {
                other.hangup(); // BYE once established, CANCEL before (RFC 3261 §9.1)
            }
        }
        if (leg == Leg.INCOMING && other == null) {
            finish();
        } else if (other != null) {
            other.ended().thenRun(this::finish);
        }
    }

    /** Before our 200 the caller gets a final response that says why; after it, a BYE. */
    private static void endIncoming(Call in, int status, String phrase) {
        if (in.state() == CallState.ESTABLISHED) {
            in.hangup();
        } else {
            in.reject(status, phrase);
        }
    }

    private void finish() {
        B2buaEvent.RelayCounts counts;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            counts = relay == null ? B2buaEvent.RelayCounts.NONE : relay.counts();
        }
        if (cause != null && reason != null) {
            listener.onEvent(new B2buaEvent.TornDown(id, cause, reason, counts, failure));
        }
        onFinished.accept(this);
    }

    private Duration sinceInvite() {
        return Duration.ofNanos(System.nanoTime() - inviteNanos);
    }

    private static String name(Leg leg) {
        return leg == Leg.INCOMING ? "incoming" : "outgoing";
    }

    @Override
    public String toString() {
        return "Bridge[" + id + "]";
    }
}

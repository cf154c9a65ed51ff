package org.sipice.thirdparty.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;
import org.sipice.sip.CallEvent;
import org.sipice.thirdparty.ControlledCall;
import org.sipice.thirdparty.ControllerEvent;
import org.sipice.thirdparty.ControllerListener;
import org.sipice.thirdparty.Flow;

/**
 * One controlled call: party A's dialog, its current peer's, and the flows that join them
 * (RFC 3725 §4) or move A to another peer (§7). All work runs on the call's serial executor.
 */
public final class Session implements ControlledCall, Leg.Sink {
    private static final Logger LOG = LogManager.getLogger(Session.class);

    private final ControllerSip sip;
    private final SerialExecutor serial = new SerialExecutor(Executors.workers(), "3pcc");
    private final ControllerListener listener;
    private final ControllerDispatcher dispatcher;
    private final List<Leg> live = new ArrayList<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<ControllerEvent.Ended> ended = new CompletableFuture<>();
    private Leg a;
    private Leg peer;
    private String endReason;
    private boolean endFailure;
    private String id;
    private int transfers;

    public Session(ControllerSip sip, ControllerListener listener, ControllerDispatcher dispatcher) {
        this.sip = sip;
        this.listener = listener;
        this.dispatcher = dispatcher;
    }

    /** Starts {@code flow} between {@code aUri} and {@code bUri}; Flow II was refused before. */
    public void start(Flow flow, String aUri, String bUri) {
        long t0 = System.nanoTime();
        a = newLeg("A", aUri);
        id = a.callId;
        serial.execute(() -> {
            switch (flow) {
                case I -> flowOne(bUri, t0);
                case III -> blackHoleFirst(a.invite(null), true, bUri, t0);
                case IV -> blackHoleFirst(a.invite(a.forParty(BlackHole.offer(sip.host()))), false, bUri, t0);
                default -> throw new IllegalArgumentException("flow " + flow);
            }
        });
    }

    /**
     * Flow I: A offers in its 200; B answers. B's first SDP (its early answer in 100/183, RFC 8839
     * §7.1.1, or the 200) goes to A in the ACK at once, so ICE between them runs while B rings.
     */
    private void flowOne(String bUri, long t0) {
        Leg.InviteTx toA = a.invite(null);
        then(toA.success, offer1 -> {
            Leg b = newLeg("B", bUri);
            peer = b;
            Leg.InviteTx toB = b.invite(b.forParty(required(offer1, "A's 200 OK")));
            then(toB.firstSdp, answer1 -> a.ack(toA, a.forParty(answer1)));
            then(toB.success, ok -> {
                b.ack(toB, null);
                connected(Flow.I, b, t0);
            });
        });
    }

    /**
     * Flows III and IV: A settles on a black hole first (an answer to its offer in the ACK, or a
     * black hole offer), then B offers in its 200 (we INVITE it without SDP), that offer goes to A
     * in a re-INVITE, and A's answer to B in the ACK.
     */
    private void blackHoleFirst(Leg.InviteTx toA, boolean aOffers, String bUri, long t0) {
        then(toA.success, sdp -> {
            a.ack(toA, aOffers ? a.forParty(BlackHole.answer(required(sdp, "A's 200 OK"), sip.host())) : null);
            Leg b = newLeg("B", bUri);
            peer = b;
            Leg.InviteTx toB = b.invite(null);
            then(toB.success, offer2 -> {
                Leg.InviteTx reInvite = a.reInvite(a.forParty(required(offer2, "B's 200 OK")));
                then(reInvite.success, answer2 -> {
                    a.ack(reInvite, null);
                    b.ack(toB, b.forParty(required(answer2, "A's 200 OK to the re-INVITE")));
                    connected(aOffers ? Flow.III : Flow.IV, b, t0);
                });
            });
        });
    }

    @Override
    public CompletableFuture<Void> transfer(String target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        serial.execute(() -> {
            if (a == null || a.isEnded() || !connected.isDone()) {
                done.completeExceptionally(new IllegalStateException("transfer needs a connected call"));
                return;
            }
            Leg old = peer;
            transfers++;
            String name = transfers == 1 ? "C" : "C" + transfers; // C, C2, C3...
            // RFC 3725 §7 / RFC 8839 §7.5: an offerless re-INVITE makes A restart ICE (new ufrag/pwd,
            // fresh candidates); its offer goes to the new party, whose answer comes back in the ACK.
            Leg.InviteTx reInvite = a.reInvite(null);
            then(reInvite.success, offer -> {
                Leg c = newLeg(name, target);
                Leg.InviteTx toC = c.invite(c.forParty(required(offer, "A's 200 OK to the offerless re-INVITE")));
                toC.firstSdp.whenComplete((answer, error) -> serial.execute(() -> {
                    if (error != null) {
                        // A needs an answer in the ACK whatever happens (RFC 3261 §13.2.2.4).
                        a.ack(reInvite, a.forParty(BlackHole.answer(offer.get(), sip.host())));
                        done.completeExceptionally(error);
                        fail("transfer to " + target + " failed: " + error.getMessage());
                        return;
                    }
                    a.ack(reInvite, a.forParty(answer));
                    peer = c;
                    old.hangup();
                    listener.onEvent(new ControllerEvent.Transferred(id, old.party, c.party, since(t0)));
                    done.complete(null);
                }));
                then(toC.success, ok -> c.ack(toC, null));
            });
            reInvite.success.exceptionally(error -> {
                done.completeExceptionally(error);
                return null;
            });
        });
        return done;
    }

    @Override
    public void hangup() {
        serial.execute(() -> {
            if (endReason == null) {
                endReason = "hung up by the controller";
            }
            for (Leg leg : List.copyOf(live)) {
                leg.hangup();
            }
        });
    }

    /** Ends the call: every leg gets BYE or CANCEL; {@link #ended} completes when all have ended. */
    private void fail(String why) {
        LOG.info("{}: {}", id, why);
        if (endReason == null) {
            endReason = why;
            endFailure = true;
        }
        connected.completeExceptionally(new IllegalStateException(why));
        for (Leg leg : List.copyOf(live)) {
            leg.hangup();
        }
    }

    // ---- Leg.Sink ------------------------------------------------------------------------

    @Override
    public void message(Leg leg, CallEvent.SipMessage message) {
        listener.onEvent(new ControllerEvent.SipMessage(id, leg.party, message));
    }

    @Override
    public void ended(Leg leg, String reason, boolean failure) {
        live.remove(leg);
        dispatcher.unregister(leg);
        if ((leg == a || leg == peer) && endReason == null) {
            // A or its current peer left: the call is over for the other one too.
            endReason = reason;
            endFailure = failure;
            connected.completeExceptionally(new IllegalStateException(reason));
            for (Leg other : List.copyOf(live)) {
                other.hangup();
            }
        }
        if (live.isEmpty() && endReason != null) {
            ControllerEvent.Ended e = new ControllerEvent.Ended(id, endReason, endFailure);
            listener.onEvent(e);
            ended.complete(e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    private Leg newLeg(String party, String target) {
        Leg leg = new Leg(sip, serial, this, party, target);
        live.add(leg);
        dispatcher.register(leg);
        return leg;
    }

    private void connected(Flow flow, Leg b, long t0) {
        listener.onEvent(new ControllerEvent.Connected(id, flow, a.party, b.party, since(t0)));
        connected.complete(null);
    }

    /** Runs {@code step} on the call's executor when {@code future} succeeds; a failure ends the call. */
    private <T> void then(CompletableFuture<T> future, Consumer<T> step) {
        future.whenComplete((value, error) -> serial.execute(() -> {
            if (error != null) {
                fail(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause().getMessage() : error.getMessage());
                return;
            }
            if (endReason != null) {
                return;
            }
            try {
                step.accept(value);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        }));
    }

    private static String required(Optional<String> sdp, String where) {
        return sdp.orElseThrow(() -> new IllegalArgumentException(where + " carries no SDP offer"));
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<Void> connected() {
        return connected;
    }

    @Override
    public CompletableFuture<ControllerEvent.Ended> ended() {
        return ended;
    }
}

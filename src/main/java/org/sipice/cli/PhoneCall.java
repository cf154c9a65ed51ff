package org.sipice.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sipice.internal.concurrent.Executors;
import org.sipice.ice.IceEvent;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.EarlyAnswerMode;

/**
 * One call of the headless softphone, either side: prints its ladder, answers when the ringing
 * gate opens (callee), plays the test tone and counts the RTP that arrives once the call is
 * established and ICE has selected a pair, hangs up after the hold time, and ends with its
 * {@code RESULT} line. Every method runs on the call's executor (sipice's callbacks) or on the
 * shared timer; none blocks.
 */
final class PhoneCall {
    private final Call call;
    private final int index;
    private final long t0;
    private final Duration hold;
    private final Duration ring;
    private final EarlyAnswerMode mode;
    private final PrintStream out;
    private final LadderPrinter ladder;
    private final ToneMedia media;
    private final AudioSource audio;
    private final List<CallVerdict.Stamped> events = new ArrayList<>();
    private final CompletableFuture<ResultLine> result = new CompletableFuture<>();
    private volatile long firstRtpNanos;
    private volatile boolean hungUpByUs;
    /** When the call stopped being up: our hangup, the peer's BYE, or its end; 0 while up. */
    private volatile long downNanos;
    private volatile boolean established;
    private volatile boolean rang;
    private volatile long maxGapMillis = CallVerdict.DEFAULT_MAX_MEDIA_GAP_MS;
    private ScheduledFuture<?> holdTimer;

    /**
     * @param t0 the call's time origin: when the command dialled, or when the INVITE arrived
     * @param hold how long to keep an established call before our BYE; zero waits for the peer
     * @param ring how long the callee lets its phone ring after the gate opened before answering
     */
    PhoneCall(Call call, int index, long t0, Duration hold, Duration ring, EarlyAnswerMode mode, AudioSource audio,
            PrintStream out) {
        this.call = call;
        this.index = index;
        this.t0 = t0;
        this.hold = hold;
        this.ring = ring;
        this.mode = mode;
        this.out = out;
        this.ladder = new LadderPrinter(out, t0, "local", "peer", true, true);
        this.audio = audio;
        this.media = new ToneMedia(call, audio, at -> {
            firstRtpNanos = at;
            ladder.print(at, "local media: first RTP packet from the peer");
        });
    }

    Call call() {
        return call;
    }

    /** The call's number in this softphone, from 1. */
    int index() {
        return index;
    }

    /** The longest silence from the peer that keeps the call {@code ok}; 0: no limit. */
    PhoneCall maxMediaGap(long millis) {
        this.maxGapMillis = millis;
        return this;
    }

    /**
     * Whether the call was established (2xx and ACK, RFC 3261 §13.2.2.4, §13.3.1.4). Only such
     * incoming calls count toward {@code sipice answer --calls}.
     */
    boolean established() {
        return established;
    }

    /** Callee: whether the phone rang (it was going to answer). */
    boolean rang() {
        return rang;
    }

    /** Completes with the RESULT line when the call has ended. */
    CompletableFuture<ResultLine> result() {
        return result;
    }

    /** Callee: the gate opened and 180 went out; answer after the ring time. */
    void readyToAlert() {
        rang = true;
        if (ring.isZero()) {
            call.answer();
        } else {
            ladder.print(System.nanoTime(), "local phone rings; answering in " + ring.toMillis() + " ms");
            Executors.timer().schedule(call::answer, ring.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Hangs up: CANCEL, 603 or BYE, whichever fits the call's state. */
    void hangup() {
        hungUpByUs = true;
        markDown(System.nanoTime());
        call.hangup();
    }

    void onEvent(long atNanos, CallEvent event) {
        synchronized (events) {
            events.add(new CallVerdict.Stamped(atNanos, event));
        }
        ladder.onEvent(call, atNanos, event);
        if (event instanceof CallEvent.SipMessage m && "BYE".equals(m.label())) {
            markDown(atNanos); // the media stops now, either way
        }
        if (event instanceof CallEvent.Established) {
            established = true;
            onEstablished();
        } else if (event instanceof CallEvent.Ended) {
            onEnded();
        } else if (established && !hungUpByUs && event instanceof CallEvent.Ice ice
                && ice.event() instanceof IceEvent.ConsentLost) {
            // RFC 7675 §5.1: consent expired, nothing may be sent to the peer any more. A peer
            // that vanished never sends BYE: hang up rather than hold a dead call for ever.
            hangup();
        }
    }

    private void onEstablished() {
        // No early media: the tone starts once the call is up and ICE has a pair (it may still be
        // checking when a peer answers at once).
        call.iceReady().thenRun(() -> {
            ladder.print(System.nanoTime(), "local media: sending " + audio.describe() + ", 20 ms packets");
            media.start();
        });
        if (!hold.isZero()) {
            holdTimer = Executors.timer().schedule(this::hangup, hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void markDown(long atNanos) {
        if (downNanos == 0) {
            downNanos = atNanos;
        }
    }

    private void onEnded() {
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        media.stop();
        markDown(System.nanoTime());
        ResultLine line;
        synchronized (events) {
            line = CallVerdict.build(index, call.isOutgoing(), mode, t0, List.copyOf(events),
                    new CallVerdict.Media(media.sent(), media.received(), firstRtpNanos,
                            media.longestGapMillis(downNanos)), hungUpByUs, maxGapMillis);
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
        result.complete(line);
    }
}

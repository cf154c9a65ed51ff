package org.sipice.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.CallState;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;
import org.sipice.sip.SipTransport;

/**
 * The headless softphone behind {@code sipice call} and {@code sipice answer}: one SIP endpoint
 * with sipice on it, and a {@link PhoneCall} per call it places or takes.
 *
 * <p>What counts as a taken call: an incoming call counts toward the number it was asked to take
 * once it was established (our 2xx acknowledged by the caller's ACK: the caller received our
 * answer, so a blind or spoofed INVITE cannot get there). An INVITE refused or failed before
 * (malformed SDP, ICE failed at the ringing gate, CANCEL, 486, no ACK) still prints its ladder and
 * its RESULT line but takes nothing, so junk cannot use a long-running {@code sipice answer} up.
 * When the calls established or ringing already make the number, the next ones get 486 Busy Here.
 * A call is forgotten once it ended and its RESULT line was printed: a softphone that takes
 * calls for days keeps only the calls in progress.
 */
final class Softphone implements CallListener, AutoCloseable {
    /** RFC 3261 §21.4.24: the callee cannot take another call. */
    private static final int BUSY_HERE = 486;

    private final SipEndpoint sip;
    private final IceUserAgent ua;
    private final CallConfig config;
    private final Duration hold;
    private final Duration ring;
    private final int maxIncoming;
    private final PrintStream out;
    private final AudioSource audio;
    /** The calls in progress, by identity: a Call-ID may come back in a new INVITE once its call ended. */
    private final Map<Call, PhoneCall> calls = new ConcurrentHashMap<>();
    /** Incoming calls refused with 486 on arrival, until they end. */
    private final Set<Call> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger numbered = new AtomicInteger();
    /** Incoming calls established or on their way (the phone rang): at most maxIncoming. */
    private final AtomicInteger answering = new AtomicInteger();
    private final BlockingQueue<ResultLine> finished = new LinkedBlockingQueue<>();
    private volatile long dialledAt;
    private volatile CallReports reports = CallReports.NONE;
    private volatile long maxGapMillis = CallVerdict.DEFAULT_MAX_MEDIA_GAP_MS;

    private Softphone(SipProfile profile, SipTransport transport, CallConfig config, InetSocketAddress listen,
            String user, Duration hold, Duration ring, int maxIncoming, AudioSource audio, PrintStream out)
            throws Exception {
        this.audio = audio;
        this.config = config;
        this.hold = hold;
        this.ring = ring;
        this.maxIncoming = maxIncoming;
        this.out = out;
        this.sip = SipEndpoint.start("sipice-" + user + "-" + ProcessHandle.current().pid(),
                profile.stackProperties(), listen.getAddress(), listen.getPort(), transport, profile.sipTls());
        try {
            this.ua = IceUserAgent.create(sip.provider(), user, config, this, null);
        } catch (RuntimeException e) {
            sip.close();
            throw e;
        }
    }

    /**
     * Starts the softphone listening for SIP on {@code listen} (port 0: any free port) over
     * {@code transport}, with the profile's TLS settings.
     *
     * @param maxIncoming calls it takes; more are answered 486
     */
    static Softphone start(SipProfile profile, SipTransport transport, CallConfig config, InetSocketAddress listen,
            String user, Duration hold, Duration ring, int maxIncoming, AudioSource audio, PrintStream out)
            throws Exception {
        // No warm-up of its own: installing the user agent warms the answer path (sip.internal.Warmup).
        return new Softphone(profile, transport, config, listen, user, hold, ring, maxIncoming, audio, out);
    }

    /**
     * Over TLS, the line that tells our certificate's SHA-256 fingerprint (RFC 8122 §5 notation),
     * for the user to compare with what the peer sees or to pin with {@code --tls-fingerprint};
     * empty over UDP and TCP.
     */
    Optional<String> tlsFingerprintLine() {
        return sip.tlsFingerprint().map(f -> "TLS certificate fingerprint SHA256:" + f
                + (sip.tlsSelfSigned() ? " (self-signed, made now: callers pin it with --tls-fingerprint)" : ""));
    }

    /** {@code sip:user@host:port}: where peers reach us. */
    String uri(String user) {
        return sip.uri(user);
    }

    /** Places a call to {@code target}; its ladder and RESULT line are printed as it goes. */
    PhoneCall call(String target) {
        dialledAt = System.nanoTime();
        Call call = ua.call(target);
        return track(call, dialledAt);
    }

    /** From now on each call's report is saved in {@code dir} (null: none) before its RESULT counts. */
    Softphone saveReportsIn(Path dir) {
        this.reports = CallReports.in(dir, out);
        return this;
    }

    /** A call whose peer's RTP stopped for longer than {@code millis} while it was up fails (0: no limit). */
    Softphone maxMediaGap(long millis) {
        this.maxGapMillis = millis;
        return this;
    }

    /**
     * The RESULT lines of the calls that count, in the order they ended: every outgoing call,
     * and the incoming calls that were established.
     */
    BlockingQueue<ResultLine> finished() {
        return finished;
    }

    // ---- CallListener: sipice's callbacks, on each call's executor -----------------------

    @Override
    public void incomingCall(Call call) {
        if (refused.contains(call)) {
            call.reject(BUSY_HERE, "Busy Here");
        }
    }

    @Override
    public void readyToAlert(Call call) {
        PhoneCall phone = calls.get(call);
        if (phone == null) {
            call.reject(BUSY_HERE, "Busy Here"); // refused on arrival (a peer without ICE rings at once)
        } else if (answering.incrementAndGet() > maxIncoming) {
            // The calls established or ringing already make the number: this one cannot be taken.
            answering.decrementAndGet();
            call.reject(BUSY_HERE, "Busy Here");
        } else {
            phone.readyToAlert();
        }
    }

    @Override
    public void onEvent(Call call, long atNanos, CallEvent event) {
        if (refused.contains(call)) {
            if (event instanceof CallEvent.Ended) {
                refused.remove(call);
            }
            return;
        }
        PhoneCall phone = calls.get(call);
        if (phone == null) {
            if (call.state() == CallState.ENDED) {
                return; // a late event (the ICE session's Closed) of a call already forgotten
            }
            if (!call.isOutgoing() && answering.get() >= maxIncoming) {
                refused.add(call);
                return;
            }
            // An outgoing call's first events can come before ua.call(...) returned.
            phone = track(call, call.isOutgoing() ? dialledAt : atNanos);
        }
        phone.onEvent(atNanos, event);
        if (event instanceof CallEvent.Ended) {
            calls.remove(call, phone); // its RESULT line is out: keep nothing of it
        }
    }

    private PhoneCall track(Call call, long t0) {
        return calls.computeIfAbsent(call, c -> {
            PhoneCall phone = new PhoneCall(call, numbered.incrementAndGet(), t0, hold, ring, config.earlyAnswer(),
                    audio, out).maxMediaGap(maxGapMillis);
            phone.result().thenAccept(line -> {
                boolean counts = call.isOutgoing() || phone.established();
                if (!call.isOutgoing() && phone.rang() && !phone.established()) {
                    answering.decrementAndGet(); // rang but never established: the slot is free again
                }
                if (counts) {
                    reports.save(phone);
                    finished.add(line);
                }
            });
            return phone;
        });
    }

    /** Hangs up the calls still up (no waiting), then stops the stack. */
    @Override
    public void close() {
        ua.close();
        sip.close();
    }
}

package org.sipice.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;

/**
 * The headless softphone behind {@code sipice call} and {@code sipice answer}: one SIP endpoint
 * with sipice on it, and a {@link PhoneCall} per call it places or takes. Incoming calls beyond
 * the number it was asked to take get 486 Busy Here.
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
    private final Map<String, PhoneCall> calls = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger numbered = new AtomicInteger();
    private final AtomicInteger incoming = new AtomicInteger();
    private final BlockingQueue<ResultLine> finished = new LinkedBlockingQueue<>();
    private volatile long dialledAt;
    private volatile CallReports reports = CallReports.NONE;

    private Softphone(SipProfile profile, CallConfig config, InetSocketAddress listen, String user, Duration hold,
            Duration ring, int maxIncoming, AudioSource audio, PrintStream out) throws Exception {
        this.audio = audio;
        this.config = config;
        this.hold = hold;
        this.ring = ring;
        this.maxIncoming = maxIncoming;
        this.out = out;
        this.sip = SipEndpoint.start("sipice-" + user + "-" + ProcessHandle.current().pid(),
                profile.stackProperties(), listen.getAddress(), listen.getPort());
        try {
            this.ua = IceUserAgent.create(sip.provider(), user, config, this, null);
        } catch (RuntimeException e) {
            sip.close();
            throw e;
        }
    }

    /**
     * Starts the softphone listening for SIP on {@code listen} (port 0: any free port).
     *
     * @param maxIncoming calls it takes; more are answered 486
     */
    static Softphone start(SipProfile profile, CallConfig config, InetSocketAddress listen, String user,
            Duration hold, Duration ring, int maxIncoming, AudioSource audio, PrintStream out) throws Exception {
        warmUp(config);
        return new Softphone(profile, config, listen, user, hold, ring, maxIncoming, audio, out);
    }

    /**
     * ice4j's first agent loads about half a second of classes (reference/ice4j.md §3.4): done
     * before the first call, so the ladder shows the call and not class loading. Host
     * candidates only; no server is contacted.
     */
    private static void warmUp(CallConfig config) throws Exception {
        IceConfig ice = config.ice().toBuilder().stunServers(List.of()).turnServers(List.of()).relayOnly(false)
                .build();
        try (IceSession s = IceSession.create(ice, IceRole.CONTROLLING, null)) {
            s.gather().get(10, TimeUnit.SECONDS);
        }
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
    Softphone saveReportsIn(java.nio.file.Path dir) {
        this.reports = CallReports.in(dir, out);
        return this;
    }

    /** The RESULT lines of finished calls, in the order they ended. */
    BlockingQueue<ResultLine> finished() {
        return finished;
    }

    // ---- CallListener: sipice's callbacks, on each call's executor -----------------------

    @Override
    public void incomingCall(Call call) {
        if (refused.contains(call.id())) {
            call.reject(BUSY_HERE, "Busy Here");
        }
    }

    @Override
    public void readyToAlert(Call call) {
        PhoneCall phone = calls.get(call.id());
        if (phone != null) {
            phone.readyToAlert();
        }
    }

    @Override
    public void onEvent(Call call, long atNanos, CallEvent event) {
        if (refused.contains(call.id())) {
            return;
        }
        PhoneCall phone = calls.get(call.id());
        if (phone == null) {
            if (!call.isOutgoing() && incoming.incrementAndGet() > maxIncoming) {
                refused.add(call.id());
                return;
            }
            // An outgoing call's first events can come before ua.call(...) returned.
            phone = track(call, call.isOutgoing() ? dialledAt : atNanos);
        }
        phone.onEvent(atNanos, event);
    }

    private PhoneCall track(Call call, long t0) {
        return calls.computeIfAbsent(call.id(), id -> {
            PhoneCall phone = new PhoneCall(call, numbered.incrementAndGet(), t0, hold, ring, config.earlyAnswer(),
                    audio, out);
            phone.result().thenAccept(line -> {
                reports.save(phone);
                finished.add(line);
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

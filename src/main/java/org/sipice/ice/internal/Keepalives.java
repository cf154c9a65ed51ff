package org.sipice.ice.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.message.MessageFactory;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * Keepalives on the selected pairs of one generation (RFC 8445 §11): when nothing (media, a
 * consent request) has been sent on a selected pair for Tr, a STUN Binding Indication goes out
 * on it. Tr is per session ({@code IceConfig.keepaliveInterval()}); ice4j's own keepalive timer
 * is process-wide and therefore switched off (Ice4jRuntime).
 */
final class Keepalives {
    private static final Logger LOG = LogManager.getLogger(Keepalives.class);

    private final String name;
    private final Agent agent;
    private final Map<Integer, CandidatePair> pairs;
    private final long trNanos;
    private final Map<Integer, AtomicLong> lastSent = new LinkedHashMap<>();
    private final SerialExecutor serial;
    private final Object timerLock = new Object();
    private ScheduledFuture<?> timer;
    private volatile boolean stopped;

    Keepalives(String name, Agent agent, Map<Integer, CandidatePair> pairs, Duration tr) {
        this.name = name;
        this.agent = agent;
        this.pairs = Map.copyOf(pairs);
        this.trNanos = tr.toNanos();
        this.serial = new SerialExecutor(Executors.workers(), name + "-keepalive");
        long now = System.nanoTime();
        // The successful checks that selected the pairs were the last packets sent on them.
        for (Integer componentId : this.pairs.keySet()) {
            lastSent.put(componentId, new AtomicLong(now));
        }
    }

    void start() {
        serial.execute(() -> scheduleNext(System.nanoTime()));
    }

    /** Something was sent on the selected pair of {@code componentId}: no keepalive needed for Tr. */
    void sent(int componentId) {
        AtomicLong last = lastSent.get(componentId);
        if (last != null) {
            last.set(System.nanoTime());
        }
    }

    void stop() {
        stopped = true;
        synchronized (timerLock) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<Integer, AtomicLong> e : lastSent.entrySet()) {
            if (now - e.getValue().get() >= trNanos) {
                send(pairs.get(e.getKey()));
                e.getValue().set(now);
            }
        }
        scheduleNext(now);
    }

    /** RFC 8445 §11: a Binding Indication (ice4j adds FINGERPRINT); no response is expected. */
    private void send(CandidatePair pair) {
        try {
            agent.getStunStack().sendIndication(MessageFactory.createBindingIndication(),
                    pair.getRemoteCandidate().getTransportAddress(),
                    pair.getLocalCandidate().getBase().getTransportAddress());
        } catch (Exception e) {
            LOG.debug("{}: keepalive on {} not sent: {}", name, pair.toShortString(), e.toString());
        }
    }

    private void scheduleNext(long now) {
        long due = Long.MAX_VALUE;
        for (AtomicLong last : lastSent.values()) {
            due = Math.min(due, last.get() + trNanos - now);
        }
        long delay = Math.max(0, due);
        synchronized (timerLock) {
            if (!stopped) {
                timer = Executors.timer().schedule(() -> serial.execute(this::tick), delay, TimeUnit.NANOSECONDS);
            }
        }
    }
}

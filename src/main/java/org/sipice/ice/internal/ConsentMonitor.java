package org.sipice.ice.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.sipice.internal.concurrent.Executors;
import org.sipice.internal.concurrent.SerialExecutor;

/**
 * Consent freshness (RFC 7675) on the selected pairs of one generation, per session: a consent
 * check every {@code consentInterval} (randomised 0.8-1.2, RFC 7675 §5.1) and the expiry rule:
 * consent ends {@code consentTimeout} after the last authenticated success response on a pair.
 * Then sending stops ({@link #requireConsent()} throws) and the listener hears it once.
 *
 * <p>ice4j's own consent freshness is not used: its interval and retransmissions are
 * process-wide settings, it retransmits each request up to 30 times, accepts unauthenticated
 * responses, and on expiry only marks the pair failed while sending goes on
 * (reference/ice4j.md §8). Ticks run on the shared timer and then on this monitor's own
 * {@link SerialExecutor}; responses are recorded from ice4j's threads.
 */
final class ConsentMonitor {
    private static final Logger LOG = LogManager.getLogger(ConsentMonitor.class);

    /** RFC 7675 §5.1: each interval is drawn uniformly from 0.8 to 1.2 times the mean. */
    static final double JITTER_MIN = 0.8;
    static final double JITTER_MAX = 1.2;

    /** Told once when consent on one of the pairs has expired. */
    @FunctionalInterface
    interface Expiry {
        void consentLost(CandidatePair pair, Duration sinceLastResponse);
    }

    private final String name;
    private final Agent agent;
    private final String streamName;
    private final Map<Integer, CandidatePair> pairs;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Expiry expiry;
    private final IntConsumer sentOn;
    private final Map<Integer, AtomicLong> lastResponse = new LinkedHashMap<>();
    private final SerialExecutor serial;
    private final Object timerLock = new Object();
    private ScheduledFuture<?> timer;
    private long nextCheckAt;
    private volatile boolean expired;
    private volatile boolean stopped;

    /**
     * @param pairs the selected pair of each component
     * @param sentOn told each time a consent request leaves on a component (it counts as traffic
     *        for keepalives, RFC 8445 §11)
     */
    ConsentMonitor(String name, Agent agent, String streamName, Map<Integer, CandidatePair> pairs,
            Duration interval, Duration timeout, Expiry expiry, IntConsumer sentOn) {
        this.name = name;
        this.agent = agent;
        this.streamName = streamName;
        this.pairs = Map.copyOf(pairs);
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.expiry = expiry;
        this.sentOn = sentOn;
        this.serial = new SerialExecutor(Executors.workers(), name + "-consent");
        long now = System.nanoTime();
        // RFC 7675 §5.1: ICE's own successful check is the first grant of consent.
        for (Integer componentId : this.pairs.keySet()) {
            lastResponse.put(componentId, new AtomicLong(now));
        }
    }

    void start() {
        serial.execute(() -> {
            nextCheckAt = System.nanoTime() + randomInterval();
            scheduleNext(System.nanoTime());
        });
    }

    /** Throws once consent has expired on any selected pair: sending must stop (RFC 7675 §5.1). */
    void requireConsent() throws IOException {
        if (expired || oldestResponseAge(System.nanoTime()) >= timeoutNanos) {
            throw new IOException("consent expired (RFC 7675)");
        }
    }

    boolean expired() {
        return expired;
    }

    void stop() {
        stopped = true;
        synchronized (timerLock) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private void consentRenewed(int componentId) {
        AtomicLong last = lastResponse.get(componentId);
        if (last != null && !expired) {
            last.set(System.nanoTime());
        }
    }

    private void tick() {
        if (stopped || expired) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<Integer, AtomicLong> e : lastResponse.entrySet()) {
            long age = now - e.getValue().get();
            if (age >= timeoutNanos) {
                expired = true;
                CandidatePair pair = pairs.get(e.getKey());
                LOG.info("{}: consent expired on {} after {} ms without an authenticated response", name,
                        pair.toShortString(), age / 1_000_000);
                expiry.consentLost(pair, Duration.ofNanos(age));
                return;
            }
        }
        if (now - nextCheckAt >= 0) {
            int waitMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(intervalNanos));
            for (Map.Entry<Integer, CandidatePair> e : pairs.entrySet()) {
                if (ConsentCheck.send(agent, streamName, e.getKey(), e.getValue(), waitMillis,
                        this::consentRenewed)) {
                    sentOn.accept(e.getKey());
                }
            }
            nextCheckAt = now + randomInterval();
        }
        scheduleNext(now);
    }

    /** Wakes for the next check or the earliest possible expiry, whichever comes first. */
    private void scheduleNext(long now) {
        long expiresAt = now - oldestResponseAge(now) + timeoutNanos;
        long delay = Math.max(0, Math.min(nextCheckAt, expiresAt) - now);
        synchronized (timerLock) {
            if (!stopped) {
                timer = Executors.timer().schedule(() -> serial.execute(this::tick), delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    private long oldestResponseAge(long now) {
        long oldest = 0;
        for (AtomicLong last : lastResponse.values()) {
            oldest = Math.max(oldest, now - last.get());
        }
        return oldest;
    }

    private long randomInterval() {
        double factor = JITTER_MIN + ThreadLocalRandom.current().nextDouble() * (JITTER_MAX - JITTER_MIN);
        return (long) (intervalNanos * factor);
    }
}

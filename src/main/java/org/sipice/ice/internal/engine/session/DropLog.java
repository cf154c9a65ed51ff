package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Scheduler;

/**
 * Debug lines for datagrams a session drops (malformed STUN, a response nobody waits for), at
 * most one per {@link #INTERVAL} with the count of those left unsaid: a peer that floods junk
 * must not flood the log too. Session thread only.
 */
final class DropLog {
    private static final Logger LOG = LogManager.getLogger(DropLog.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final String name;
    private final Scheduler time;
    private long lastNanos;
    private boolean logged;
    private long unsaid;
    private long dropped;

    DropLog(String name, Scheduler time) {
        this.name = name;
        this.time = time;
    }

    void dropped(String what, Object from) {
        dropped++;
        long now = time.nanoTime();
        if (logged && now - lastNanos < INTERVAL.toNanos()) {
            unsaid++;
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped {} from {}{}", name, what, from, unsaid > 0 ? " (and " + unsaid + " more)" : "");
        }
        logged = true;
        lastNanos = now;
        unsaid = 0;
    }

    /** Datagrams dropped so far. */
    long count() {
        return dropped;
    }
}

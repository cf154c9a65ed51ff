package org.sipice.ice.internal;

import org.sipice.internal.logging.LoggingBridge;

/**
 * Configures ice4j once, deliberately, before any ice4j class is loaded. ice4j reads its
 * configuration process-wide and caches each value on first read (reference/ice4j.md §3.1), so
 * these are the only knobs that are not per session; everything else is set per agent.
 */
public final class Ice4jRuntime {

    /** STUN client RTO start (ms). RFC 5245 §16.1 allows 100 ms for RTP; RFC 8489 default is 500. */
    static final int FIRST_RETRANSMIT_MS = 100;
    /** Cap of the doubling RTO (ms): sends at 0, 100, 300, 700, 1500, 2300, 3100 ms. */
    static final int MAX_RETRANSMIT_TIMER_MS = 800;
    /** Retransmissions after the first send (RFC 8489 §6.2.1 Rc = 7 sends). */
    static final int MAX_RETRANSMISSIONS = 6;

    private static boolean configured;

    private Ice4jRuntime() {
    }

    /** Idempotent; call before the first ice4j use. Every sipice entry point does. */
    public static synchronized void ensureConfigured() {
        if (configured) {
            return;
        }
        LoggingBridge.install();
        // The first new Agent() probes the AWS metadata service over HTTP (ice4j.md §3.4).
        setIfAbsent("ice4j.harvest.mapping.aws.enabled", "false");
        setIfAbsent("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
        // No SOFTWARE attribute on the wire unless configured (RFC 8489 §14.14 makes it optional).
        setIfAbsent("ice4j.software", "");
        // Our gathering deadline cuts gathering; ice4j's own per-harvester timeout is a backstop.
        setIfAbsent("ice4j.harvest.timeout", "3 seconds");
        // Link-local addresses produce candidates nobody can reach from off-link.
        setIfAbsent("ice4j.harvest.use-link-local-addresses", "false");
        // The STUN harvester constructors silently set these JVM-wide if unset (ice4j.md §5):
        // set them explicitly so checks behave the same before and after any STUN gathering.
        setIfAbsent("org.ice4j.FIRST_CTRAN_RETRANS_AFTER", Integer.toString(FIRST_RETRANSMIT_MS));
        setIfAbsent("org.ice4j.MAX_CTRAN_RETRANS_TIMER", Integer.toString(MAX_RETRANSMIT_TIMER_MS));
        setIfAbsent("org.ice4j.MAX_RETRANSMISSIONS", Integer.toString(MAX_RETRANSMISSIONS));
        // Keepalives and consent checks are per session (SelectedPairUpkeep): ice4j's own timer
        // uses one process-wide interval for every agent (ice4j.md §5 "After COMPLETED").
        setIfAbsent("org.ice4j.NO_KEEP_ALIVES", "true");
        configured = true;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

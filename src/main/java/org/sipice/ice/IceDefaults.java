package org.sipice.ice;

import java.time.Duration;

/**
 * What each {@link IceConfig} setting is when the builder is not told otherwise, and why: the
 * RFC value or the other stacks' practice behind each.
 */
public final class IceDefaults {
    private IceDefaults() {
    }

    /**
     * Ta, the pacing of connectivity checks. RFC 8445 §14.2 defaults to 50 ms for new agents,
     * but RFC 5245 §16.1 allows 20 ms for RTP and every stack we interoperate with (pjnath,
     * libre, libnice, ice4j) uses 20 ms; both sides use the larger advertised value
     * (RFC 8839 §4.3.2).
     */
    public static final Duration TA = Duration.ofMillis(20);

    /**
     * Gathering deadline. RFC 8839 §7.1.1 asks the answerer to answer "as soon as gathering
     * ends"; a silent STUN server must not delay the call, so gathering ends after this long
     * with whatever candidates exist (libnice caps it at 2 s, Linphone at 3.5 s).
     */
    public static final Duration GATHERING_TIMEOUT = Duration.ofMillis(800);

    /**
     * How long checks may run before the session gives up. RFC 8445 §8.1.2 leaves the failure
     * time to the agent; the agent's own failure (every pair failed, §8.1.2) usually comes first.
     */
    public static final Duration CHECKS_TIMEOUT = Duration.ofSeconds(15);

    /** RFC 8445 §11: Tr, the keepalive interval on selected pairs, never below 15 s. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    /** RFC 7675 §5.1: a consent check every 5 s on average (randomised 0.8-1.2). */
    public static final Duration CONSENT_INTERVAL = Duration.ofSeconds(5);

    /** RFC 7675 §5.1: consent expires 30 s after the last authenticated response. */
    public static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * At most this many host candidates per component: oversized INVITEs (Docker, VPN and
     * IPv6 addresses) are a top complaint against other stacks (pjproject issue 4457: "513 Message too big").
     */
    public static final int MAX_HOST_CANDIDATES = 6;
}

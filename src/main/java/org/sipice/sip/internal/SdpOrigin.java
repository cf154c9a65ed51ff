package org.sipice.sip.internal;

/**
 * The {@code o=} line of one side of a call. RFC 3264 §5: the session id is chosen once and the
 * version is the one to bump; RFC 3264 §8: every later offer or answer from the same side keeps
 * the session id and increments the version by one (a copy of an unchanged description, such as
 * the answer repeated in 100, 183 and 200, keeps its version). Thread-safe; one per call.
 */
final class SdpOrigin {
    /** One {@code o=} value: session id and version (RFC 4566 §5.2). */
    record Stamp(long sessionId, long version) {
    }

    private final long sessionId;
    private long version;

    SdpOrigin() {
        // RFC 4566 §5.2: a numeric string, an NTP-format timestamp is suggested; uniqueness is what matters.
        this(System.currentTimeMillis());
    }

    SdpOrigin(long sessionId) {
        this.sessionId = sessionId;
    }

    /** The stamp of a new offer or answer: the version one above the last one handed out. */
    synchronized Stamp next() {
        return new Stamp(sessionId, ++version);
    }

    /** The last version handed out (0 before the first description). */
    synchronized long version() {
        return version;
    }
}

package org.sipice.internal.logging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * JAIN-SIP's complaints about single datagrams it could not process, bounded. The RI logs each
 * one at ERROR, one of them with its whole receive buffer (64 KB) as a decimal byte array
 * ({@code UDPMessageChannel}: "Error while processing incoming UDP packet[0, 0, ...]"), so junk
 * sent at a SIP port grew the log five times faster than the junk itself. Here each such message
 * becomes one line of at most {@link #MAX_LINE} characters, printable text only, and at most one
 * line per {@link #INTERVAL} goes out; the next one says how many were held back. The RI's
 * message does not name the sender, so the limit is for the whole process, not per source.
 * Thread-safe.
 */
final class DatagramErrorLog {

    /** At most one line per interval: a flood costs a line every ten seconds. */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Enough for the start of a request line and the exception's own message. */
    static final int MAX_LINE = 160;

    /** How the RI's per-datagram messages start ({@code UDPMessageChannel}, 1.3.0-91). */
    private static final List<String> PREFIXES = List.of("Error while processing incoming UDP packet", "bad message ",
            ">>> Dropped Bad Msg", "Dropping Badly formatted response message");

    private final LongSupplier nanoClock;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong nextNanos;

    DatagramErrorLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.nextNanos = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * True if {@code thrown} is the RI's race on a retransmitted request (1.3.0-91): a server
     * transaction's {@code resendLastResponseAsBytes()} checks that {@code lastResponse} is set,
     * then reads the field again to send it, while the application's thread, sending a response
     * on the same transaction, sets it and, once the response is encoded, nulls it
     * ({@code sendResponse}). The re-read sees null and {@code sendMessage} throws a
     * NullPointerException on {@code getStatusCode()}. Only that retransmission goes unanswered:
     * the next one is answered from the encoded copy (RFC 3261 §17.2.2, the request is
     * retransmitted until then). It happens when responses are slow, e.g. thousands of BYEs at
     * once, so it is not worth a warning; the RI offers no seam to avoid it.
     */
    static boolean isRetransmissionRace(Throwable thrown) {
        if (!(thrown instanceof NullPointerException)) {
            return false;
        }
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getMethodName().equals("resendLastResponseAsBytes")
                    && frame.getClassName().startsWith("gov.nist.javax.sip.stack.SIPServerTransaction")) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code message} is one of the RI's per-datagram complaints. */
    static boolean isAbout(String message) {
        return message != null && PREFIXES.stream().anyMatch(message::startsWith);
    }

    /**
     * The line to log for this complaint, or null while the interval holds lines back.
     *
     * @param thrown the exception the RI passed along, or null
     */
    String lineFor(String message, Throwable thrown) {
        long now = nanoClock.getAsLong();
        long next = nextNanos.get();
        if (now - next < 0 || !nextNanos.compareAndSet(next, now + INTERVAL.toNanos())) {
            held.incrementAndGet();
            return null;
        }
        long before = held.getAndSet(0);
        String what = message.startsWith(PREFIXES.get(0))
                ? "processing failed" + (thrown == null ? "" : ": " + thrown) // the byte array says nothing
                : message;
        return bounded("dropped an unprocessable SIP datagram (" + what + ")")
                + (before == 0 ? "" : "; " + before + " more since the last report");
    }

    /** Printable ASCII only (control bytes and binary become '?'), cut at {@link #MAX_LINE}. */
    static String bounded(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LINE + 3));
        for (int i = 0; i < text.length() && b.length() < MAX_LINE; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : c == '\r' || c == '\n' ? ' ' : '?');
        }
        if (text.length() > MAX_LINE) {
            b.append("...");
        }
        return b.toString();
    }
}

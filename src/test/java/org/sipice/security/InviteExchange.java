package org.sipice.security;

import java.io.IOException;
import java.time.Duration;
import org.sipice.security.InviteFuzzCases.Case;
import org.sipice.security.InviteFuzzCases.Expect;
import org.sipice.testing.RawSipCaller;
import org.sipice.testing.RawSipCaller.Response;

/**
 * Sends one fuzz case and judges what comes back. A final response is ACKed (RFC 3261
 * §17.1.1.3) so the callee stops retransmitting it; a call that proceeds (provisional response
 * with SDP, or a 18x) is CANCELled and its 487 ACKed. Where silence is expected, a sentinel
 * request that is always answered follows the case: when its answer arrives, anything the case
 * drew would have arrived before it (one socket each way on loopback, one SIP thread).
 */
final class InviteExchange {
    private static final long T1_NANOS = 500_000_000L;

    private InviteExchange() {
    }

    /** Null when the callee did what {@code c} expects; otherwise what it did instead. */
    static String run(RawSipCaller raw, RawSipCaller.Dialog dialog, Case c, Duration timeout) throws IOException {
        raw.send(c.datagram());
        Expect expect = c.expect();
        if (expect.silent()) {
            return awaitSilence(raw, dialog, c, timeout);
        }
        // A request answered before any offer processing (JAIN-SIP's own 400) comes fast; a call
        // that proceeds sends a 100 at once and its 18x after gathering.
        // Like any UAC over UDP, the INVITE is sent again until a response comes (RFC 3261
        // §17.1.1.2, Timer A from T1 = 500 ms, doubling): a 60 KB datagram can be lost on a
        // loaded loopback, and that loss is not the callee's answer.
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = T1_NANOS;
        long resendAt = System.nanoTime() + interval;
        boolean answered = false;
        while (true) {
            long until = answered ? deadline : Math.min(deadline, resendAt);
            Response r = raw.receiveInviteResponse(dialog, 100, Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            if (r == null) {
                if (System.nanoTime() >= deadline) {
                    return describe(c) + ": no response within " + timeout.toMillis() + " ms";
                }
                if (!answered) {
                    raw.send(c.datagram());
                    interval *= 2;
                    resendAt = System.nanoTime() + interval;
                }
                continue;
            }
            answered = true;
            if (r.status() == 100 && !hasBody(r)) {
                continue;
            }
            if (r.status() < 200) {
                String failure = expect.mayProceed() ? null : describe(c) + ": the call proceeded (" + r + ")";
                String cancelled = cancel(raw, dialog, c, timeout);
                return failure != null ? failure : cancelled;
            }
            if (r.status() < 300) {
                raw.send(raw.ack2xx(dialog, r.toTag()));
                raw.send(raw.bye(dialog, r.toTag()));
                return expect.mayProceed() ? null : describe(c) + ": the call was answered (" + r + ")";
            }
            if (String.valueOf(r.header("CSeq")).endsWith("INVITE")) {
                raw.send(raw.ackNon2xx(dialog, r.toTag()));
            }
            return judgeFinal(c, r);
        }
    }

    private static String judgeFinal(Case c, Response r) {
        Expect expect = c.expect();
        if (r.text().contains(InviteFuzzCases.SECRET_PWD)) {
            return describe(c) + ": the response echoes the peer's ice-pwd: " + firstLine(r);
        }
        if (!expect.statuses().contains(r.status())) {
            return describe(c) + ": got " + r + (r.header("Warning") == null ? "" : " (Warning: " + r.header("Warning")
                    + ")");
        }
        if (expect.warning() && r.header("Warning") == null) {
            return describe(c) + ": " + r + " without a Warning header";
        }
        if (r.status() == 420 && r.header("Unsupported") == null) {
            return describe(c) + ": 420 without Unsupported (RFC 3261 §8.2.2.3)";
        }
        if (r.status() == 415 && r.header("Accept") == null) {
            return describe(c) + ": 415 without Accept (RFC 3261 §8.2.3)";
        }
        return null;
    }

    private static String cancel(RawSipCaller raw, RawSipCaller.Dialog dialog, Case c, Duration timeout)
            throws IOException {
        raw.send(raw.cancel(dialog));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = raw.receiveInviteResponse(dialog, 200, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r == null) {
                return describe(c) + ": no final response after CANCEL";
            }
            if (r.status() >= 300) {
                raw.send(raw.ackNon2xx(dialog, r.toTag()));
                return r.status() == 487 ? null : describe(c) + ": " + r + " after CANCEL";
            }
            // RFC 3261 §9.1: the answer crossed our CANCEL; the call is up: ACK it, then BYE.
            raw.send(raw.ack2xx(dialog, r.toTag()));
            raw.send(raw.bye(dialog, r.toTag()));
            return null;
        }
    }

    private static String awaitSilence(RawSipCaller raw, RawSipCaller.Dialog dialog, Case c, Duration timeout)
            throws IOException {
        RawSipCaller.Dialog sentinel = raw.newDialog();
        raw.send(raw.options(sentinel));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = raw.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r == null) {
                return describe(c) + ": the answer process did not answer OPTIONS after it (hung or gone)";
            }
            String callId = String.valueOf(r.header("Call-ID"));
            if (sentinel.callId().equals(callId)) {
                return null;
            }
            boolean earlierCase = callId.startsWith("raw-") && !callId.equals(dialog.callId());
            if (!earlierCase && !c.expect().statuses().contains(r.status())) {
                return describe(c) + ": expected no response, got " + r;
            }
        }
    }

    private static boolean hasBody(Response r) {
        String length = r.header("Content-Length");
        return length != null && !length.equals("0");
    }

    private static String describe(Case c) {
        return c.kind() + " (expected " + c.expect() + ")";
    }

    private static String firstLine(Response r) {
        return r.text().split("\r\n")[0];
    }
}

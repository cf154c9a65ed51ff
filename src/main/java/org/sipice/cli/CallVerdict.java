package org.sipice.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.sip.CallEvent;
import org.sipice.sip.EarlyAnswerMode;

/**
 * Turns what happened on one softphone call (its events, in order, and the media counts) into
 * the stable {@code RESULT} line. Pure: no SIP, no sockets.
 *
 * <p>A call is {@code ok} when it was established, ended normally (BYE either way), ICE
 * completed and kept consent until the end, RTP went both ways (we sent some and received some)
 * and the peer's RTP never stopped for longer than the media-gap limit while the call was up.
 * Anything less is {@code failed} with the first reason that applies (docs/CLI.md, the RESULT
 * table).
 */
final class CallVerdict {

    /** One timestamped call event. */
    record Stamped(long atNanos, CallEvent event) {
    }

    /**
     * The longest silence from the peer a call may have and stay {@code ok}: 50 packets of 20 ms.
     * Nothing on the network (jitter, a loaded host) explains a second without RTP; a peer that
     * stopped sending, a frozen peer or a lost path does. Silence suppression (RFC 3551 §4.1
     * comfort noise) would exceed it: {@code --max-media-gap} raises or disables it.
     */
    static final long DEFAULT_MAX_MEDIA_GAP_MS = 1_000;

    /**
     * The media figures of the call.
     *
     * @param longestGapMillis the longest time without RTP from the peer while the call was up,
     *     counted from its first packet ({@link org.sipice.internal.media.MediaGap})
     */
    record Media(int sent, int received, long firstReceivedNanos, long longestGapMillis) {
        static final Media NONE = new Media(0, 0, 0, 0);

        Media(int sent, int received, long firstReceivedNanos) {
            this(sent, received, firstReceivedNanos, 0);
        }
    }

    private CallVerdict() {
    }

    /**
     * @param index 1 for the first call of the command
     * @param outgoing true on the caller's side
     * @param mode the callee's configured early-answer mode (ignored for the caller)
     * @param t0 when the call started: the command's dial, or the INVITE's arrival
     * @param endedByUs true if our own hangup ended the call
     */
    static ResultLine build(int index, boolean outgoing, EarlyAnswerMode mode, long t0, List<Stamped> events,
            Media media, boolean endedByUs) {
        return build(index, outgoing, mode, t0, events, media, endedByUs, DEFAULT_MAX_MEDIA_GAP_MS);
    }

    /**
     * As above, with the media-gap limit of {@code --max-media-gap}.
     *
     * @param maxGapMillis the longest silence from the peer that keeps the call {@code ok}; 0: no limit
     */
    static ResultLine build(int index, boolean outgoing, EarlyAnswerMode mode, long t0, List<Stamped> events,
            Media media, boolean endedByUs, long maxGapMillis) {
        CallEvent.Ended ended = null;
        String lostDuringCall = null;
        Long establishedAt = null;
        IceEvent.Completed completed = null;
        int completedIndex = -1;
        int ringingIndex = -1;
        CallEvent.RingingGateOpened gate = null;
        // The pair that carried the media at the end: the last one selected per component, since a
        // restart or a re-selection after completion (RFC 8445 §8.1.1) replaces the first.
        Map<Integer, CandidatePairInfo> lastSelected = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            CallEvent e = events.get(i).event();
            if (e instanceof CallEvent.Ice ice) {
                if (ice.event() instanceof IceEvent.Completed c) {
                    c.selectedPairs().forEach(p -> lastSelected.put(p.componentId(), p));
                } else if (ice.event() instanceof IceEvent.SelectedPairChanged changed) {
                    lastSelected.put(changed.selected().componentId(), changed.selected());
                }
            }
            if (e instanceof CallEvent.Ended) {
                ended = (CallEvent.Ended) e;
            } else if (e instanceof CallEvent.Established && establishedAt == null) {
                establishedAt = events.get(i).atNanos();
            } else if (e instanceof CallEvent.RingingGateOpened && gate == null) {
                gate = (CallEvent.RingingGateOpened) e;
            } else if (e instanceof CallEvent.Ice && ((CallEvent.Ice) e).event() instanceof IceEvent.Completed
                    && completed == null) {
                completed = (IceEvent.Completed) ((CallEvent.Ice) e).event();
                completedIndex = i;
            } else if (e instanceof CallEvent.Ice && completed != null && lostDuringCall == null) {
                lostDuringCall = lostDuringCall(((CallEvent.Ice) e).event());
            } else if (e instanceof CallEvent.SipMessage && ringingIndex < 0) {
                CallEvent.SipMessage m = (CallEvent.SipMessage) e;
                if (m.label().startsWith("180") && m.direction() == (outgoing ? CallEvent.Direction.RECEIVED
                        : CallEvent.Direction.SENT)) {
                    ringingIndex = i;
                }
            }
        }
        String reason = failure(ended, establishedAt != null, completed != null, lostDuringCall, media, maxGapMillis);
        ResultLine line = reason == null ? ResultLine.ok() : ResultLine.failed(reason);
        line.put("call", index).put("direction", outgoing ? "out" : "in");
        if (!outgoing) {
            line.put("early_answer_mode", mode.name());
        }
        line.put("early_answer", earlyAnswer(events, outgoing));
        line.put("ice", completed != null ? "completed" : "failed");
        line.put("pair", pair(completed, lastSelected, 1));
        line.put("rtcp_pair", pair(completed, lastSelected, 2));
        if (completed != null) {
            line.put("ice_ms", completed.took().toMillis());
        }
        if (ringingIndex >= 0) {
            line.put("ringing_after_ice", completedIndex >= 0 && ringingIndex > completedIndex);
        }
        if (gate != null) {
            line.put("gate_ms", gate.held().toMillis()).put("gate", gate.iceReady() ? "ice" : "timeout");
        }
        if (establishedAt != null) {
            line.put("setup_ms", (establishedAt - t0) / 1_000_000);
        }
        if (media.firstReceivedNanos() != 0) {
            line.put("first_rtp_ms", (media.firstReceivedNanos() - t0) / 1_000_000);
        }
        line.put("media_sent", media.sent()).put("media_received", media.received());
        if (media.firstReceivedNanos() != 0) {
            line.put("media_gap_ms", media.longestGapMillis());
        }
        line.put("hangup", ended == null ? "-" : endedByUs ? "local" : "peer");
        return line;
    }

    private static String failure(CallEvent.Ended ended, boolean established, boolean iceCompleted,
            String lostDuringCall, Media media, long maxGapMillis) {
        if (!established) {
            return ended == null ? "not_established" : ended.reason();
        }
        if (ended != null && ended.failure()) {
            return ended.reason();
        }
        if (!iceCompleted) {
            return "ice_not_completed";
        }
        if (lostDuringCall != null) {
            return lostDuringCall;
        }
        if (media.sent() == 0) {
            return "no_media_sent";
        }
        if (media.received() == 0) {
            return "no_media_received";
        }
        if (maxGapMillis > 0 && media.longestGapMillis() > maxGapMillis) {
            return "media_gap";
        }
        return null;
    }

    /**
     * After ICE completed: {@code consent_lost} (RFC 7675 §5.1: no authenticated answer to our
     * consent checks for 30 s, so sending stopped) or {@code ice_failed_during_call}; null for an
     * event that does not stop the media (a restart that failed keeps the previous pairs, RFC 8445 §9).
     */
    private static String lostDuringCall(IceEvent event) {
        if (event instanceof IceEvent.ConsentLost) {
            return "consent_lost";
        }
        return event instanceof IceEvent.Failed ? "ice_failed_during_call" : null;
    }

    /**
     * Where the callee's answer travelled before the 2xx, as seen from this side:
     * {@code 100} (100 Trying with SDP), {@code 183rel} (a reliable 18x with SDP), {@code 183}
     * (an unreliable one; {@code 183x3} when repeated), joined with {@code +}; {@code none}
     * when the answer came only in the 2xx.
     */
    static String earlyAnswer(List<Stamped> events, boolean outgoing) {
        CallEvent.Direction answerDirection = outgoing ? CallEvent.Direction.RECEIVED : CallEvent.Direction.SENT;
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Stamped s : events) {
            if (!(s.event() instanceof CallEvent.SipMessage)) {
                continue;
            }
            CallEvent.SipMessage m = (CallEvent.SipMessage) s.event();
            if (m.direction() != answerDirection || !m.hasSdp() || !"INVITE".equals(m.cseqMethod())
                    || !Character.isDigit(m.label().charAt(0)) || m.label().charAt(0) != '1') {
                continue;
            }
            String status = m.label().substring(0, 3);
            String token = status.equals("100") ? "100" : status + (m.reliable() ? "rel" : "");
            seen.merge(token, 1, Integer::sum);
        }
        if (seen.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        seen.forEach((token, count) -> parts.add(count > 1 && !token.endsWith("rel") ? token + "x" + count : token));
        return String.join("+", parts);
    }

    private static String pair(IceEvent.Completed completed, Map<Integer, CandidatePairInfo> lastSelected,
            int component) {
        if (completed == null) {
            return "none";
        }
        CandidatePairInfo selected = lastSelected.get(component);
        return selected != null ? selected.typeSummary() : component == 2 ? "mux" : "none";
    }
}

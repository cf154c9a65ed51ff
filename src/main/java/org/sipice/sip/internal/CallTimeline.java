package org.sipice.sip.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sipice.diagnostics.CallReport;
import org.sipice.diagnostics.TimelineEntry;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;
import org.sipice.sdp.IceCandidate;
import org.sipice.sip.CallEvent;

/**
 * Every event a call emits, stamped, for {@code Call.report()}. Recorded on the call's executor
 * as the event goes to the listener; read from any thread.
 */
final class CallTimeline {
    /**
     * A pathological call (a re-INVITE loop, a call held for days with restarts) must not grow
     * without bound: the first {@code KEPT / 2} entries and the last {@code KEPT / 2} are kept,
     * so the set-up and the end of the call are always there.
     */
    static final int KEPT = 5000;

    private final long originNanos;

    CallTimeline() {
        this(System.nanoTime());
    }

    /** A timeline whose offsets count from {@code originNanos}, on the call's clock ({@link SipContext#timers}). */
    CallTimeline(long originNanos) {
        this.originNanos = originNanos;
    }
    private final Instant origin = Instant.now();
    private final List<Stamped> head = new ArrayList<>();
    private final java.util.ArrayDeque<Stamped> tail = new java.util.ArrayDeque<>();
    private long dropped;

    /** An event as emitted; turned into a {@link TimelineEntry} only when a report asks. */
    private record Stamped(long atNanos, CallEvent event) {
    }

    /**
     * On the call's executor, for every event: only stores it. Describing it (record toString,
     * string building) waits for a report, so it never delays the call's SIP work.
     */
    synchronized void record(long atNanos, CallEvent event) {
        Stamped entry = new Stamped(atNanos, event);
        if (head.size() < KEPT / 2) {
            head.add(entry);
            return;
        }
        tail.addLast(entry);
        if (tail.size() > KEPT / 2) {
            tail.removeFirst();
            dropped++;
        }
    }

    /** The report of {@code call}: the timeline so far and the ICE figures of {@code ice} (may be null). */
    CallReport report(CallBase call, IceSession ice, String outcome) {
        IceStats stats = ice == null ? IceStats.empty(call.isOutgoing() ? IceRole.CONTROLLING : IceRole.CONTROLLED,
                IceState.NEW) : ice.stats();
        return new CallReport(CallReport.VERSION, call.id(), call.isOutgoing(), call.state().name(), outcome,
                Instant.now(), stats, entries());
    }

    /** The entries so far, in time order. */
    List<TimelineEntry> entries() {
        List<Stamped> stamped;
        long left;
        synchronized (this) {
            stamped = new ArrayList<>(head);
            stamped.addAll(tail);
            left = dropped;
        }
        List<TimelineEntry> copy = new ArrayList<>(stamped.size() + 1);
        for (int i = 0; i < stamped.size(); i++) {
            Stamped s = stamped.get(i);
            copy.add(entry(s.atNanos(), s.event()));
            if (left > 0 && i == KEPT / 2 - 1) {
                TimelineEntry last = copy.get(i);
                copy.add(new TimelineEntry(last.timestamp(), last.atMillis(), TimelineEntry.CALL, null,
                        "TimelineTruncated", left + " entries left out here", false));
            }
        }
        // Delivered in order, stamped where they happened: a message stamped just before it was
        // sent may be delivered after an ICE event stamped a moment later. Time order, stable.
        copy.sort(java.util.Comparator.comparingDouble(TimelineEntry::atMillis));
        return copy;
    }

    private TimelineEntry entry(long atNanos, CallEvent event) {
        long offset = atNanos - originNanos;
        Instant at = origin.plusNanos(offset);
        double ms = offset / 1e6;
        if (event instanceof CallEvent.SipMessage) {
            CallEvent.SipMessage m = (CallEvent.SipMessage) event;
            boolean response = Character.isDigit(m.label().charAt(0));
            String detail = (response ? "CSeq " + m.cseqMethod() : "") + (m.reliable() ? " reliable (100rel)" : "");
            return new TimelineEntry(at, ms, TimelineEntry.SIP, m.direction().name().toLowerCase(), m.label(),
                    detail.trim(), m.hasSdp());
        }
        if (event instanceof CallEvent.Ice) {
            IceEvent e = ((CallEvent.Ice) event).event();
            return new TimelineEntry(at, ms, TimelineEntry.ICE, null, e.getClass().getSimpleName(), describe(e), false);
        }
        return new TimelineEntry(at, ms, TimelineEntry.CALL, null, event.getClass().getSimpleName(),
                describeCall(event), false);
    }

    private static String describeCall(CallEvent event) {
        if (event instanceof CallEvent.RingingGateOpened) {
            CallEvent.RingingGateOpened g = (CallEvent.RingingGateOpened) event;
            return "held " + g.held().toMillis() + " ms, ICE " + (g.iceReady() ? "ready" : "not ready");
        }
        if (event instanceof CallEvent.Ended) {
            CallEvent.Ended e = (CallEvent.Ended) event;
            return e.reason() + (e.failure() ? " (failure)" : "");
        }
        if (event instanceof CallEvent.Warning) {
            return ((CallEvent.Warning) event).message();
        }
        if (event instanceof CallEvent.UpdatedOfferSent) {
            CallEvent.UpdatedOfferSent u = (CallEvent.UpdatedOfferSent) event;
            return u.method() + ": " + u.reason();
        }
        return "";
    }

    /** A one-line description of an ICE event: the pair, the count, the reason. */
    static String describe(IceEvent e) {
        if (e instanceof IceEvent.CandidateGathered) {
            return brief(((IceEvent.CandidateGathered) e).candidate());
        }
        if (e instanceof IceEvent.GatheringCompleted) {
            IceEvent.GatheringCompleted g = (IceEvent.GatheringCompleted) e;
            return g.candidates().size() + " candidates in " + g.took().toMillis() + " ms";
        }
        if (e instanceof IceEvent.ChecksStarted) {
            IceEvent.ChecksStarted c = (IceEvent.ChecksStarted) e;
            return c.role().name().toLowerCase() + ", " + c.pairCount() + " pairs";
        }
        if (e instanceof IceEvent.PairValidated) {
            return pair(((IceEvent.PairValidated) e).pair());
        }
        if (e instanceof IceEvent.PairNominated) {
            return pair(((IceEvent.PairNominated) e).pair());
        }
        if (e instanceof IceEvent.PairSelected) {
            return pair(((IceEvent.PairSelected) e).pair());
        }
        if (e instanceof IceEvent.SelectedPairChanged) {
            return pair(((IceEvent.SelectedPairChanged) e).selected());
        }
        if (e instanceof IceEvent.Completed) {
            IceEvent.Completed c = (IceEvent.Completed) e;
            return "in " + c.took().toMillis() + " ms: "
                    + c.selectedPairs().stream().map(CallTimeline::pair).collect(Collectors.joining("; "));
        }
        if (e instanceof IceEvent.RestartCompleted) {
            IceEvent.RestartCompleted r = (IceEvent.RestartCompleted) e;
            return "generation " + r.generation() + " in " + r.took().toMillis() + " ms";
        }
        if (e instanceof IceEvent.ConsentLost) {
            IceEvent.ConsentLost c = (IceEvent.ConsentLost) e;
            return pair(c.pair()) + ", no response for " + c.sinceLastResponse().toMillis() + " ms";
        }
        String text = e.toString(); // records: Name[field=value, ...]
        int open = text.indexOf('[');
        return open < 0 || text.length() < open + 2 ? "" : text.substring(open + 1, text.length() - 1);
    }

    private static String pair(CandidatePairInfo p) {
        return "component " + p.componentId() + " " + p.typeSummary() + " " + p.addressSummary();
    }

    private static String brief(IceCandidate c) {
        return "component " + c.componentId() + " " + c.type().sdpName() + " " + c.address() + ":" + c.port();
    }
}

package org.sipice.cli;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.b2bua.B2buaEvent;
import org.sipice.b2bua.B2buaListener;
import org.sipice.ice.IceEvent;
import org.sipice.sip.CallEvent;

/**
 * Prints what {@code sipice b2bua} does: both legs' SIP messages and ICE milestones, the
 * bridge's own, and one RESULT line per bridged call:
 * {@code RESULT status=ok bridge=... outgoing_started_ms=2 bridged_ms=420 in_ufrag=... out_ufrag=...
 * relayed_to_outgoing=250 relayed_to_incoming=249 media_gap_in_ms=40 media_gap_out_ms=41 cause=incoming
 * reason=BYE_received}.
 *
 * <p>A bridge is {@code ok} when it relayed media and ended with a BYE or CANCEL; it fails when it
 * was never bridged, when a leg failed (ICE, consent, an error response: {@code reason} says which),
 * or when a peer's RTP stopped for longer than {@code --max-media-gap} while media was relayed
 * ({@code reason=media_gap}). Only bridged calls count toward {@code --calls}: a call rejected or
 * never bridged (junk, a caller whose ICE failed) prints its line and takes nothing.
 */
final class B2buaPrinter implements B2buaListener {
    private final PrintStream out;
    private final BlockingQueue<ResultLine> finished;
    private final long maxGapMillis;
    /** Each bridge's fields, in the order they were learnt, until its RESULT line is printed. */
    private final Map<String, Map<String, Object>> fields = new ConcurrentHashMap<>();
    private final Set<String> bridged = ConcurrentHashMap.newKeySet();
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    /** @param maxGapMillis the longest silence from either peer that keeps a bridge {@code ok}; 0: no limit */
    B2buaPrinter(PrintStream out, BlockingQueue<ResultLine> finished, long maxGapMillis) {
        this.out = out;
        this.finished = finished;
        this.maxGapMillis = maxGapMillis;
    }

    B2buaPrinter(PrintStream out, BlockingQueue<ResultLine> finished) {
        this(out, finished, CallVerdict.DEFAULT_MAX_MEDIA_GAP_MS);
    }

    @Override
    public void onEvent(B2buaEvent event) {
        // A late event (after the RESULT line) is printed only.
        Map<String, Object> result = done.contains(event.bridge()) ? new LinkedHashMap<>()
                : fields.computeIfAbsent(event.bridge(), id -> Collections.synchronizedMap(
                        new LinkedHashMap<>()));
        if (event instanceof B2buaEvent.LegEvent leg) {
            String side = leg.leg() == B2buaEvent.Leg.INCOMING ? "in " : "out";
            if (leg.event() instanceof CallEvent.SipMessage m) {
                print(side + (m.direction() == CallEvent.Direction.SENT ? " -> " : " <- ") + m.describe());
            } else if (leg.event() instanceof CallEvent.Ice ice && ice.event() instanceof IceEvent.Completed done) {
                print(side + " ICE completed in " + done.took().toMillis() + " ms: " + done.selectedPairs());
                leg.call().localIce().ifPresent(l -> result.put(leg.leg() == B2buaEvent.Leg.INCOMING ? "in_ufrag"
                        : "out_ufrag", l.credentials().ufrag()));
            } else if (leg.event() instanceof CallEvent.Ice ice && ice.event() instanceof IceEvent.Failed failed) {
                print(side + " ICE failed: " + failed.reason());
            }
        } else if (event instanceof B2buaEvent.OutgoingLegStarted started) {
            print("B2BUA outgoing leg to " + started.destination() + " gathering from +"
                    + started.afterInvite().toMillis() + " ms");
            result.put("outgoing_started_ms", started.afterInvite().toMillis());
        } else if (event instanceof B2buaEvent.Bridged bridged) {
            print("B2BUA both legs ICE-ready at +" + bridged.afterInvite().toMillis() + " ms: relaying media");
            result.put("bridged_ms", bridged.afterInvite().toMillis());
            this.bridged.add(event.bridge());
        } else if (event instanceof B2buaEvent.Rejected rejected) {
            print("B2BUA rejected the call: " + rejected.status() + " " + rejected.reason());
            end(event.bridge(), ResultLine.failed("rejected_" + rejected.status()).put("bridge", event.bridge()),
                    false);
        } else if (event instanceof B2buaEvent.TornDown down) {
            B2buaEvent.RelayCounts r = down.relayed();
            print("B2BUA torn down by the " + down.cause().name().toLowerCase(Locale.ROOT) + " leg ("
                    + down.reason() + "); relayed " + r.toOutgoingPackets() + " datagrams in->out, "
                    + r.toIncomingPackets() + " out->in");
            boolean wasBridged = bridged.remove(event.bridge());
            long gap = Math.max(r.longestGapFromIncomingMillis(), r.longestGapFromOutgoingMillis());
            String failure = !wasBridged ? "never_bridged" : down.failure() ? down.reason()
                    : maxGapMillis > 0 && gap > maxGapMillis ? "media_gap" : null;
            ResultLine line = (failure == null ? ResultLine.ok() : ResultLine.failed(failure))
                    .put("bridge", event.bridge());
            if (wasBridged) {
                synchronized (result) {
                    result.forEach(line::put);
                }
            }
            line.put("relayed_to_outgoing", r.toOutgoingPackets()).put("relayed_to_incoming", r.toIncomingPackets());
            if (wasBridged) {
                line.put("media_gap_in_ms", r.longestGapFromIncomingMillis())
                        .put("media_gap_out_ms", r.longestGapFromOutgoingMillis());
            }
            line.put("cause", down.cause().name().toLowerCase(Locale.ROOT));
            if (failure == null || failure.equals("never_bridged")) {
                line.put("reason", down.reason());
            }
            end(event.bridge(), line, wasBridged);
        }
    }

    /** Prints the bridge's RESULT line; {@code counts}: it was bridged, so it counts toward --calls. */
    private void end(String bridge, ResultLine line, boolean counts) {
        done.add(bridge);
        fields.remove(bridge);
        print(line.toString());
        if (counts) {
            finished.add(line);
        }
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }
}

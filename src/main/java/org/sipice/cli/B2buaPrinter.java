package org.sipice.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.b2bua.B2buaEvent;
import org.sipice.ice.IceEvent;
import org.sipice.sip.CallEvent;

/**
 * Prints what {@code sipice b2bua} does: both legs' SIP messages and ICE milestones, the
 * bridge's own, and one RESULT line per bridged call:
 * {@code RESULT status=ok bridge=... outgoing_started_ms=2 bridged_ms=420 in_ufrag=... out_ufrag=...
 * relayed_to_outgoing=250 relayed_to_incoming=249 cause=incoming reason=BYE_received}.
 */
final class B2buaPrinter implements org.sipice.b2bua.B2buaListener {
    private final PrintStream out;
    private final BlockingQueue<ResultLine> finished;
    private final Map<String, ResultLine> results = new ConcurrentHashMap<>();
    private final java.util.Set<String> bridged = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> done = ConcurrentHashMap.newKeySet();

    B2buaPrinter(PrintStream out, BlockingQueue<ResultLine> finished) {
        this.out = out;
        this.finished = finished;
    }

    @Override
    public void onEvent(B2buaEvent event) {
        ResultLine result = done.contains(event.bridge()) ? ResultLine.ok() // a late event: printed only
                : results.computeIfAbsent(event.bridge(), id -> ResultLine.ok().put("bridge", id));
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
            end(event.bridge(), ResultLine.failed("rejected_" + rejected.status()).put("bridge", event.bridge()));
        } else if (event instanceof B2buaEvent.TornDown down) {
            B2buaEvent.RelayCounts r = down.relayed();
            print("B2BUA torn down by the " + down.cause().name().toLowerCase(java.util.Locale.ROOT) + " leg ("
                    + down.reason() + "); relayed " + r.toOutgoingPackets() + " datagrams in->out, "
                    + r.toIncomingPackets() + " out->in");
            ResultLine line = bridged.remove(event.bridge()) ? result
                    : ResultLine.failed("never_bridged").put("bridge", event.bridge());
            end(event.bridge(), line.put("relayed_to_outgoing", r.toOutgoingPackets())
                    .put("relayed_to_incoming", r.toIncomingPackets()).put("cause", down.cause().name().toLowerCase(java.util.Locale.ROOT))
                    .put("reason", down.reason()));
        }
    }

    private void end(String bridge, ResultLine line) {
        done.add(bridge);
        results.remove(bridge);
        print(line.toString());
        finished.add(line);
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }
}

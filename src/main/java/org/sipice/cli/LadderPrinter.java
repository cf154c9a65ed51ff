package org.sipice.cli;

import java.io.PrintStream;
import java.util.stream.Collectors;
import org.sipice.ice.IceEvent;
import org.sipice.sdp.IceCandidate;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;

/**
 * Prints a call as a ladder with millisecond timestamps: each SIP message once, marked when it
 * carries SDP, ICE events per side, the ringing gate. With both user agents in one process
 * (the demo) each side prints what it sent; a softphone facing a foreign peer prints what it
 * received too.
 */
final class LadderPrinter implements CallListener {
    private final PrintStream out;
    private final long t0;
    private final String me;
    private final String peer;
    private final boolean left;
    private final boolean showReceived;

    LadderPrinter(PrintStream out, long t0, String me, String peer, boolean left) {
        this(out, t0, me, peer, left, false);
    }

    /** @param showReceived print received messages too (the peer prints nothing for us) */
    LadderPrinter(PrintStream out, long t0, String me, String peer, boolean left, boolean showReceived) {
        this.out = out;
        this.t0 = t0;
        this.me = me;
        this.peer = peer;
        this.left = left;
        this.showReceived = showReceived;
    }

    @Override
    public void onEvent(Call call, long atNanos, CallEvent event) {
        String line = describe(event);
        if (line != null) {
            print(atNanos, line);
        }
    }

    void print(long atNanos, String text) {
        synchronized (out) {
            out.printf("%9.3f ms  %s%n", (atNanos - t0) / 1e6, text);
        }
    }

    private String describe(CallEvent event) {
        if (event instanceof CallEvent.SipMessage) {
            CallEvent.SipMessage m = (CallEvent.SipMessage) event;
            boolean sent = m.direction() == CallEvent.Direction.SENT;
            if (!sent && !showReceived) {
                return null;
            }
            String label = m.describe().replace(" +SDP", "").replace(" [100rel]", " (reliable)");
            String sdp = m.hasSdp() ? "  [SDP]" : "";
            String arrow = left == sent ? "------------------>" : "<------------------";
            String a = left ? me : peer;
            String b = left ? peer : me;
            return String.format("%-5s %s %-5s  %s%s", a, arrow, b, label, sdp);
        }
        if (event instanceof CallEvent.Ice) {
            String ice = describe(((CallEvent.Ice) event).event());
            return ice == null ? null : String.format("%-5s ICE  %s", me, ice);
        }
        if (event instanceof CallEvent.RingingGateOpened) {
            CallEvent.RingingGateOpened g = (CallEvent.RingingGateOpened) event;
            return String.format("%-5s ringing gate opened after %d ms (%s): 180 may go out", me, g.held().toMillis(),
                    g.iceReady() ? "every component has a selected pair" : "timed out, ringing on defaults");
        }
        if (event instanceof CallEvent.Established) {
            return String.format("%-5s call established", me);
        }
        if (event instanceof CallEvent.Ended) {
            CallEvent.Ended e = (CallEvent.Ended) event;
            return String.format("%-5s call ended: %s", me, e.reason());
        }
        if (event instanceof CallEvent.UpdatedOfferSent) {
            CallEvent.UpdatedOfferSent u = (CallEvent.UpdatedOfferSent) event;
            return String.format("%-5s updated offer (%s, RFC 8839 §4.3.4): peer lacks ice2; %s", me, u.method(),
                    u.reason());
        }
        if (event instanceof CallEvent.Warning) {
            return String.format("%-5s warning: %s", me, ((CallEvent.Warning) event).message());
        }
        return null;
    }

    private static String describe(IceEvent e) {
        if (e instanceof IceEvent.GatheringCompleted) {
            IceEvent.GatheringCompleted g = (IceEvent.GatheringCompleted) e;
            return "gathered " + g.candidates().size() + " candidates in " + g.took().toMillis() + " ms: "
                    + g.candidates().stream().filter(c -> c.componentId() == 1).map(LadderPrinter::brief)
                            .collect(Collectors.joining(", ")) + " (component 1)";
        }
        if (e instanceof IceEvent.ServerFailed) {
            IceEvent.ServerFailed f = (IceEvent.ServerFailed) e;
            return "server " + f.server() + " failed: " + f.reason();
        }
        if (e instanceof IceEvent.ChecksStarted) {
            IceEvent.ChecksStarted c = (IceEvent.ChecksStarted) e;
            return "checks started as " + c.role().name().toLowerCase() + " agent, " + c.pairCount() + " pairs";
        }
        if (e instanceof IceEvent.PairValidated) {
            return "pair validated: " + ((IceEvent.PairValidated) e).pair();
        }
        if (e instanceof IceEvent.PairNominated) {
            return "pair nominated: " + ((IceEvent.PairNominated) e).pair();
        }
        if (e instanceof IceEvent.PairSelected) {
            return "pair SELECTED:  " + ((IceEvent.PairSelected) e).pair();
        }
        if (e instanceof IceEvent.Completed) {
            return "completed in " + ((IceEvent.Completed) e).took().toMillis() + " ms";
        }
        if (e instanceof IceEvent.Failed) {
            return "FAILED: " + ((IceEvent.Failed) e).reason();
        }
        return describeEngine(e);
    }

    /** Engine events: nomination, roles, TURN, restarts, consent. */
    private static String describeEngine(IceEvent e) {
        if (e instanceof IceEvent.NominationModeChosen) {
            return "nomination: " + ((IceEvent.NominationModeChosen) e).mode().name().toLowerCase();
        }
        if (e instanceof IceEvent.NominationFallback) {
            return "nomination falls back to regular: " + ((IceEvent.NominationFallback) e).reason();
        }
        if (e instanceof IceEvent.RoleChanged) {
            return "role conflict resolved: now " + ((IceEvent.RoleChanged) e).role().name().toLowerCase();
        }
        if (e instanceof IceEvent.SelectedPairChanged) {
            return "selected pair changed to the better nominated one: " + ((IceEvent.SelectedPairChanged) e).selected();
        }
        if (e instanceof IceEvent.TurnAllocated) {
            IceEvent.TurnAllocated t = (IceEvent.TurnAllocated) e;
            return "TURN allocation on " + t.server() + ": relay " + t.relayed().address() + ":" + t.relayed().port()
                    + " for " + t.lifetime().toSeconds() + " s (component " + t.componentId() + ")";
        }
        if (e instanceof IceEvent.TurnRefreshFailed) {
            return "TURN refresh failed on " + ((IceEvent.TurnRefreshFailed) e).server() + ": "
                    + ((IceEvent.TurnRefreshFailed) e).reason();
        }
        if (e instanceof IceEvent.TurnTlsFailed t) {
            return "TURN over TLS refused " + t.server() + ": " + t.failure().name().toLowerCase().replace('_', ' ')
                    + " (" + t.detail() + ")";
        }
        if (e instanceof IceEvent.RestartStarted) {
            return "ICE restart " + ((IceEvent.RestartStarted) e).generation() + " started (new ufrag/pwd)";
        }
        if (e instanceof IceEvent.RestartCompleted) {
            return "ICE restart " + ((IceEvent.RestartCompleted) e).generation() + " completed";
        }
        if (e instanceof IceEvent.RestartFailed) {
            return "ICE restart " + ((IceEvent.RestartFailed) e).generation() + " failed: "
                    + ((IceEvent.RestartFailed) e).reason();
        }
        if (e instanceof IceEvent.ConsentLost) {
            return "CONSENT LOST on " + ((IceEvent.ConsentLost) e).pair() + " (RFC 7675): sending stopped";
        }
        return null;
    }

    private static String brief(IceCandidate c) {
        return c.type().sdpName() + " " + c.address() + ":" + c.port();
    }
}

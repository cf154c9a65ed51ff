package org.sipice.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.sipice.ice.IceEvent;
import org.sipice.sip.CallEvent;

/**
 * The ladder of one call as both agents saw it, for failure messages: every SIP message once
 * (from the caller's side, which sees both directions), the ICE milestones and the ringing gate
 * of each side, with milliseconds since the INVITE was sent.
 *
 * <pre>
 *     0.4 ms  alice ------------&gt; bob    INVITE +SDP
 *    11.9 ms  alice &lt;------------ bob    100 Trying (INVITE) +SDP
 *    98.1 ms                      bob    ICE completed
 * </pre>
 */
final class LadderView {
    private LadderView() {
    }

    static String render(String caller, String callee, long t0, List<AgentRecorder.Stamped> callerEvents,
            List<AgentRecorder.Stamped> calleeEvents) {
        List<AgentRecorder.Stamped> all = new ArrayList<>(callerEvents);
        all.addAll(calleeEvents);
        all.sort(Comparator.comparingLong(AgentRecorder.Stamped::atNanos));
        int width = Math.max(caller.length(), callee.length());
        StringBuilder b = new StringBuilder();
        for (AgentRecorder.Stamped s : all) {
            String line = describe(s, caller, callee, width);
            if (line != null) {
                b.append(String.format(Locale.ROOT, "  %9.1f ms  %s%n", (s.atNanos() - t0) / 1e6, line));
            }
        }
        return b.length() == 0 ? "  (no event yet)\n" : b.toString();
    }

    private static String describe(AgentRecorder.Stamped s, String caller, String callee, int width) {
        boolean byCaller = s.agent().equals(caller);
        CallEvent e = s.event();
        String left = pad(caller, width);
        String right = pad(callee, width);
        if (e instanceof CallEvent.SipMessage m) {
            if (!byCaller) {
                return null; // the caller's copy is shown
            }
            String arrow = m.direction() == CallEvent.Direction.SENT ? " ------------> " : " <------------ ";
            return left + arrow + right + "  " + m.describe();
        }
        String who = byCaller ? left + " " + " ".repeat(14) + pad("", width) : pad("", width) + " "
                + " ".repeat(14) + right;
        String what = milestone(e);
        return what == null ? null : who + "  " + what;
    }

    private static String milestone(CallEvent e) {
        if (e instanceof CallEvent.Ice ice) {
            IceEvent ie = ice.event();
            if (ie instanceof IceEvent.Completed || ie instanceof IceEvent.Failed) {
                return "ICE " + ie.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            }
            return null;
        }
        if (e instanceof CallEvent.RingingGateOpened g) {
            return "ringing gate opened after " + g.held().toMillis() + " ms"
                    + (g.iceReady() ? " (ICE ready)" : " (timed out, ICE not ready)");
        }
        if (e instanceof CallEvent.Established) {
            return "established";
        }
        if (e instanceof CallEvent.Ended end) {
            return "ended: " + end.reason() + (end.failure() ? " (failure)" : "");
        }
        if (e instanceof CallEvent.Warning w) {
            return "warning: " + w.message();
        }
        return null;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}

package org.sipice.diagnostics;

import java.util.List;
import java.util.Locale;

/**
 * The timeline chart of a report as inline SVG (no script, no fonts, no network): time runs left
 * to right; one lane for SIP messages sent, one for received, one for ICE events, one for call
 * milestones. The span from {@code ChecksStarted} to {@code Completed} (or {@code Failed}) is
 * shaded as the connectivity-check phase. Every marker carries a {@code <title>} tooltip and a
 * {@code data-index} naming its row in the timeline table.
 */
final class TimelineSvg {
    static final int WIDTH = 1100;
    private static final int LEFT = 110;
    private static final int RIGHT = 30;
    private static final int TOP = 30;
    private static final int LANE = 70;
    private static final String[] LANES = {"SIP sent", "SIP received", "ICE", "call"};

    private TimelineSvg() {
    }

    static String render(List<TimelineEntry> timeline) {
        int height = TOP + LANES.length * LANE + 40;
        double end = timeline.stream().mapToDouble(TimelineEntry::atMillis).max().orElse(0);
        double span = Math.max(end, 1);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg id=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"call timeline\">%n",
                WIDTH, height, WIDTH, height));
        b.append(checkPhase(timeline, span, height));
        for (int i = 0; i < LANES.length; i++) {
            int y = laneY(i);
            b.append(String.format(Locale.ROOT, "<line class=\"lane\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                    + "<text class=\"lane-label\" x=\"8\" y=\"%d\">%s</text>%n", LEFT, y, WIDTH - RIGHT, y, y + 4,
                    LANES[i]));
        }
        b.append(axis(span, height));
        double[][] lastLabel = new double[LANES.length][];
        for (int i = 0; i < LANES.length; i++) {
            lastLabel[i] = new double[] {-1e9, -1e9}; // last label x above, below the lane
        }
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            int lane = lane(e);
            double x = x(e.atMillis(), span);
            int y = laneY(lane);
            String cls = "event " + e.kind() + (e.direction() == null ? "" : " " + e.direction());
            String tip = String.format(Locale.ROOT, "%.1f ms  %s%s%s", e.atMillis(), e.label(),
                    e.hasSdp() ? " +SDP" : "", e.detail().isEmpty() ? "" : "  " + e.detail());
            b.append(String.format(Locale.ROOT, "<circle class=\"%s\" data-index=\"%d\" cx=\"%.1f\" cy=\"%d\" r=\"%d\">"
                    + "<title>%s</title></circle>%n", cls, i, x, y, e.hasSdp() ? 7 : 5, Html.escape(tip)));
            if (labelled(e)) {
                // Above the lane if there is room, else below, else none (the tooltip has it).
                String text = shortLabel(e);
                double room = 7 * text.length() / 2.0 + 6;
                for (int side = 0; side < 2; side++) {
                    if (x - lastLabel[lane][side] >= room) {
                        lastLabel[lane][side] = x + room;
                        b.append(String.format(Locale.ROOT,
                                "<text class=\"event-label\" x=\"%.1f\" y=\"%d\">%s</text>%n", x,
                                y + (side == 0 ? -12 : 22), Html.escape(text)));
                        break;
                    }
                }
            }
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String checkPhase(List<TimelineEntry> timeline, double span, int height) {
        Double start = null;
        Double stop = null;
        for (TimelineEntry e : timeline) {
            if (e.kind().equals(TimelineEntry.ICE) && e.label().equals("ChecksStarted") && start == null) {
                start = e.atMillis();
            } else if (e.kind().equals(TimelineEntry.ICE) && start != null && stop == null
                    && (e.label().equals("Completed") || e.label().equals("Failed"))) {
                stop = e.atMillis();
            }
        }
        if (start == null) {
            return "";
        }
        double x1 = x(start, span);
        double x2 = x(stop == null ? span : stop, span);
        return String.format(Locale.ROOT, "<rect id=\"check-phase\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                + "<title>connectivity checks: %.1f ms</title></rect>"
                + "<text class=\"phase-label\" x=\"%.1f\" y=\"%d\">checks</text>%n", x1, TOP - 12,
                Math.max(x2 - x1, 2), height - TOP - 28, (stop == null ? span : stop) - start, x1 + 3, TOP - 2);
    }

    private static String axis(double span, int height) {
        StringBuilder b = new StringBuilder();
        int y = height - 22;
        b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                LEFT, y, WIDTH - RIGHT, y));
        double step = niceStep(span / 8);
        for (double t = 0; t <= span + step / 2; t += step) {
            double x = x(Math.min(t, span), span);
            b.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text class=\"tick-label\" x=\"%.1f\" y=\"%d\">%s ms</text>%n", x, y, x, y + 4, x, y + 16,
                    format(t)));
        }
        return b.toString();
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double t) {
        return t == Math.rint(t) ? String.valueOf((long) t) : String.format(Locale.ROOT, "%.1f", t);
    }

    static int lane(TimelineEntry e) {
        if (e.kind().equals(TimelineEntry.SIP)) {
            return "sent".equals(e.direction()) ? 0 : 1;
        }
        return e.kind().equals(TimelineEntry.ICE) ? 2 : 3;
    }

    private static boolean labelled(TimelineEntry e) {
        return e.kind().equals(TimelineEntry.SIP) || e.kind().equals(TimelineEntry.CALL)
                || List.of("ChecksStarted", "PairSelected", "Completed", "Failed", "RestartStarted",
                        "RestartCompleted", "ConsentLost").contains(e.label());
    }

    private static String shortLabel(TimelineEntry e) {
        String label = e.label();
        if (e.kind().equals(TimelineEntry.SIP) && Character.isDigit(label.charAt(0))) {
            label = label.substring(0, 3); // the status code; the reason phrase is in the tooltip
        }
        return label;
    }

    private static int laneY(int lane) {
        return TOP + 25 + lane * LANE;
    }

    private static double x(double ms, double span) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (ms / span);
    }
}

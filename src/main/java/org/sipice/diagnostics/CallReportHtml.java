package org.sipice.diagnostics;

import static org.sipice.diagnostics.Html.escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceStats;

/**
 * A {@link CallReport} as one self-contained HTML page: the selected pairs, the candidate-pair
 * table, the candidates, the timeline chart ({@link TimelineSvg}) and the timeline table. CSS,
 * SVG and the small script (column sorting, chart/table cross-highlighting) are inline: the page
 * opens offline, from a file, in any browser.
 *
 * <p>Element ids for tools and tests: {@code #pairs} (one {@code tr.pair} per pair, selected ones
 * also {@code .selected}), {@code #local-candidates}, {@code #remote-candidates},
 * {@code #timeline-chart} (one {@code circle.event} per timeline entry), {@code #timeline}. Once
 * the script ran, {@code body} has {@code data-ready="true"}.
 */
public final class CallReportHtml {
    private CallReportHtml() {
    }

    public static void write(CallReport report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    public static String render(CallReport report) {
        IceStats ice = report.ice();
        String side = report.outgoing() ? "caller (UAC)" : "callee (UAS)";
        StringBuilder b = new StringBuilder(32_768);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>sipice call report ").append(escape(report.callId())).append("</title>\n")
                .append("<style>\n").append(ReportPageAssets.CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header><h1>sipice call report</h1>\n<dl class=\"facts\">")
                .append(fact("Call-ID", report.callId()))
                .append(fact("side", side))
                .append(fact("call state", report.state()))
                .append(fact("outcome", report.outcome().isEmpty() ? "in progress" : report.outcome()))
                .append(fact("ICE", ice.state() + ", " + ice.role().name().toLowerCase()
                        + (ice.generation() > 0 ? ", restart " + ice.generation() : "")))
                .append(fact("report taken", report.createdAt().toString()))
                .append("</dl></header>\n");
        b.append(selectedSummary(ice));
        b.append("<section><h2>Candidate pairs</h2>\n<div class=\"scroll\">").append(pairTable(ice))
                .append("</div></section>\n");
        b.append("<section><h2>Timeline</h2>\n<div class=\"chart\">").append(TimelineSvg.render(report.timeline()))
                .append("</div>\n").append(legend()).append(timelineTable(report.timeline())).append("</section>\n");
        b.append("<section class=\"candidates\"><h2>Candidates</h2>\n<div class=\"two\">")
                .append(candidateTable("local-candidates", "Local", ice.localCandidates()))
                .append(candidateTable("remote-candidates", "Remote", ice.remoteCandidates()))
                .append("</div></section>\n");
        b.append("<footer>Field names follow WebRTC's RTCIceCandidatePairStats and RTCIceCandidateStats; "
                + "round trips in milliseconds here, in seconds in the JSON.</footer>\n");
        b.append("<script>\n").append(ReportPageAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String fact(String name, String value) {
        return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
    }

    private static String selectedSummary(IceStats ice) {
        List<IceCandidatePairStats> selected = ice.selectedPairs();
        StringBuilder b = new StringBuilder("<section id=\"selected\"><h2>Selected pairs</h2>\n");
        if (selected.isEmpty()) {
            b.append("<p class=\"none\">No selected pair: ICE did not complete (or the peer has no ICE).</p>");
        }
        for (IceCandidatePairStats p : selected) {
            b.append("<p class=\"selected-pair\">component ").append(p.componentId()).append(": ")
                    .append(escape(endpoint(ice, p.localCandidateId()))).append(" &#8594; ")
                    .append(escape(endpoint(ice, p.remoteCandidateId()))).append(", RTT ")
                    .append(ms(p.currentRoundTripTime())).append(" ms, ").append(p.packetsSent())
                    .append(" packets sent, ").append(p.packetsReceived()).append(" received</p>\n");
        }
        return b.append("</section>\n").toString();
    }

    private static String pairTable(IceStats ice) {
        StringBuilder b = new StringBuilder("<table id=\"pairs\" class=\"sortable\">\n<thead><tr>");
        for (String h : List.of("id", "comp.", "local", "remote", "state", "priority", "nominated", "selected",
                "requests sent", "responses received", "requests received", "responses sent", "consent sent",
                "RTT ms", "mean RTT ms", "packets sent", "packets received", "bytes sent", "bytes received")) {
            b.append("<th>").append(escape(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (IceCandidatePairStats p : ice.pairs()) {
            b.append("<tr class=\"pair ").append(escape(p.state())).append(p.selected() ? " selected" : "")
                    .append("\" data-pair-id=\"").append(escape(p.id())).append("\">")
                    .append(td(p.id())).append(td(String.valueOf(p.componentId())))
                    .append(td(endpoint(ice, p.localCandidateId()))).append(td(endpoint(ice, p.remoteCandidateId())))
                    .append(td(p.state())).append(num(p.priority())).append(td(p.nominated() ? "yes" : ""))
                    .append(td(p.selected() ? "yes" : "")).append(num(p.requestsSent()))
                    .append(num(p.responsesReceived())).append(num(p.requestsReceived())).append(num(p.responsesSent()))
                    .append(num(p.consentRequestsSent())).append("<td class=\"n\">").append(ms(p.currentRoundTripTime()))
                    .append("</td><td class=\"n\">").append(p.responsesReceived() == 0 ? "" : ms(
                            p.totalRoundTripTime() / p.responsesReceived()))
                    .append("</td>").append(num(p.packetsSent())).append(num(p.packetsReceived()))
                    .append(num(p.bytesSent())).append(num(p.bytesReceived())).append("</tr>\n");
        }
        if (ice.pairs().isEmpty()) {
            b.append("<tr class=\"empty\"><td colspan=\"19\">no candidate pair</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String candidateTable(String id, String title, List<IceCandidateStats> candidates) {
        StringBuilder b = new StringBuilder("<div><h3>").append(title).append("</h3><table id=\"").append(id)
                .append("\" class=\"sortable\">\n<thead><tr>");
        for (String h : List.of("id", "comp.", "type", "address", "port", "priority", "foundation", "related",
                "relay", "url")) {
            b.append("<th>").append(h).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (IceCandidateStats c : candidates) {
            b.append("<tr class=\"candidate ").append(escape(c.candidateType())).append("\">").append(td(c.id()))
                    .append(td(String.valueOf(c.componentId()))).append(td(c.candidateType())).append(td(c.address()))
                    .append(num(c.port())).append(num(c.priority())).append(td(c.foundation()))
                    .append(td(c.relatedAddress() == null ? "" : c.relatedAddress() + ":" + c.relatedPort()))
                    .append(td(c.relayProtocol())).append(td(c.url())).append("</tr>\n");
        }
        return b.append("</tbody></table></div>\n").toString();
    }

    private static String timelineTable(List<TimelineEntry> timeline) {
        StringBuilder b = new StringBuilder("<table id=\"timeline\">\n<thead><tr><th>ms</th><th>time (UTC)</th>"
                + "<th>kind</th><th>direction</th><th>what</th><th>SDP</th><th>detail</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            b.append("<tr class=\"entry ").append(escape(e.kind())).append("\" data-index=\"").append(i).append("\">")
                    .append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.1f", e.atMillis())).append("</td>")
                    .append(td(e.timestamp().toString())).append(td(e.kind()))
                    .append(cell(e.direction() == null ? "" : "sent".equals(e.direction()) ? "&#8594; sent" : "&#8592; received"))
                    .append(td(e.label())).append(td(e.hasSdp() ? "SDP" : "")).append(td(e.detail())).append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String legend() {
        return "<p class=\"legend\"><span class=\"key sip sent\"></span>SIP sent <span class=\"key sip received\">"
                + "</span>SIP received <span class=\"key ice\"></span>ICE event <span class=\"key call\"></span>call "
                + "event; larger dots carry SDP; the shaded band is the connectivity-check phase.</p>\n";
    }

    private static String endpoint(IceStats ice, String candidateId) {
        return ice.candidate(candidateId).map(c -> c.candidateType() + " " + c.hostPort()).orElse(candidateId);
    }

    private static String td(String text) {
        return cell(escape(text));
    }

    private static String cell(String html) {
        return "<td>" + html + "</td>";
    }

    private static String num(long n) {
        return "<td class=\"n\">" + n + "</td>";
    }

    private static String ms(Double seconds) {
        return seconds == null ? "&#8211;" : String.format(Locale.ROOT, "%.3f", seconds * 1000);
    }
}

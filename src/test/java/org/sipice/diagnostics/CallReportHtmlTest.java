package org.sipice.diagnostics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceState;
import org.sipice.ice.IceStats;

/** The page is self-contained and escapes what it shows; a call without ICE still renders. */
class CallReportHtmlTest {

    @Test
    void thePageLoadsNothingFromOutsideAndEscapesText() {
        String html = CallReportHtml.render(CallReportJsonTest.sample());
        for (String external : List.of("<link", " src=", " href=", "@import", "url(", "http://", "https://")) {
            String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertFalse(withoutSvgNamespace.contains(external), "no " + external + " in the page");
        }
        assertTrue(html.contains("component 1 &quot;quoted&quot; &lt;b&gt;&amp;amp;&lt;/b&gt; é"), "escaped detail");
        assertFalse(html.contains("<b>&amp;</b>"));
        assertTrue(html.contains("data-pair-id=\"P1\"") && html.contains("data-pair-id=\"P2\""));
        assertTrue(html.contains("turn:198.51.100.7:3478?transport=udp"), "the relay's TURN server");
        assertTrue(html.contains("restart 1"), "the ICE generation");
    }

    @Test
    void aCallWithoutIceRendersWithAnEmptyPairTable() {
        CallReport report = new CallReport(CallReport.VERSION, "x@y", false, "ENDED", "480 Temporarily Unavailable",
                java.time.Instant.EPOCH, IceStats.empty(IceRole.CONTROLLED, IceState.NEW), List.of());
        String html = CallReportHtml.render(report);
        assertTrue(html.contains("no candidate pair"));
        assertTrue(html.contains("No selected pair"));
        assertTrue(html.contains("<svg id=\"timeline-chart\""));
    }
}

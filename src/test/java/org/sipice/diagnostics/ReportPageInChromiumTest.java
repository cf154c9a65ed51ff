package org.sipice.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.testing.HeadlessChromium;

/**
 * The report page of a real loopback call, opened in headless Chromium (Debian {@code chromium}):
 * after its script ran, the DOM has one row per candidate pair (the selected ones marked) and a
 * chart with one marker per timeline entry and the check phase; the screenshot shows the
 * selected-pair rows and the chart's ICE markers in their colours.
 */
class ReportPageInChromiumTest {
    private static final Duration BROWSER_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static HeadlessChromium chromium;
    private static CallReport report;
    private static Path page;

    @BeforeAll
    static void renderARealCall() throws Exception {
        chromium = HeadlessChromium.require(dir);
        report = LoopbackCall.run().bob;
        page = dir.resolve("bob.html");
        CallReportHtml.write(report, page);
    }

    @Test
    void theDomHasARowForEveryPairAndAMarkerForEveryTimelineEntry() throws Exception {
        String dom = chromium.dumpDom(page, BROWSER_DEADLINE);

        assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran");
        assertTrue(dom.contains("data-pairs=\"" + report.ice().pairs().size() + "\""), "the script counted the rows");
        List<String> rows = all(dom, "<tr class=\"pair [^\"]*\" data-pair-id=\"(P\\d+)\"");
        assertEquals(report.ice().pairs().stream().map(IceCandidatePairStats::id).toList(), rows);
        assertEquals(report.ice().selectedPairs().size(), all(dom, "<tr class=\"pair [a-z-]+ (selected)\"").size());
        assertTrue(report.ice().pairs().size() >= 2, "RTP and RTCP at least: " + report.ice().pairs());

        int chart = dom.indexOf("<svg id=\"timeline-chart\"");
        assertTrue(chart >= 0, "the chart is in the page");
        String svg = dom.substring(chart, dom.indexOf("</svg>", chart));
        assertEquals(report.timeline().size(), all(svg, "<circle class=\"(event) ").size(), "one marker per entry");
        assertTrue(svg.contains("<rect id=\"check-phase\""), "the connectivity-check phase is drawn");
        assertEquals(report.timeline().size(), all(dom, "<tr class=\"(entry) ").size(), "the timeline table");
    }

    @Test
    void theScreenshotShowsTheSelectedPairRowsAndTheChart() throws Exception {
        Path png = chromium.screenshot(page, dir.resolve("bob.png"), 1280, 1400, BROWSER_DEADLINE);
        BufferedImage image = ImageIO.read(png.toFile());

        assertEquals(1280, image.getWidth());
        assertEquals(1400, image.getHeight());
        assertTrue(count(image, 0xdff5e3) > 1000, "selected-pair rows (#dff5e3) are painted");
        assertTrue(count(image, 0x1a7f37) > 20, "ICE markers (#1a7f37) are painted in the chart");
        assertTrue(count(image, 0xe3f0ff) > 1000, "the check phase band (#e3f0ff) is painted");
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

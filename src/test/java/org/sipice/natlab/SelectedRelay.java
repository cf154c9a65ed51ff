package org.sipice.natlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.sipice.diagnostics.CallReport;
import org.sipice.diagnostics.CallReportJson;
import org.sipice.ice.IceCandidateStats;
import org.sipice.testing.SipiceProcess;

/**
 * How a softphone's selected RTP pair reaches its TURN server, read from the call report it
 * wrote ({@code --report DIR}): the {@code relayProtocol} of the pair's local candidate
 * ({@code udp}, {@code tcp} or {@code tls}, as WebRTC's stats name it; RFC 8656 §3.1).
 */
final class SelectedRelay {
    private static final Duration REPORT_WRITTEN = Duration.ofSeconds(10);

    private SelectedRelay() {
    }

    /**
     * The relay protocol of the call whose RESULT fields are {@code result}; {@code -} when the
     * selected local candidate is not relayed, the call did not complete, or no pair was selected.
     */
    static String protocol(SipiceProcess phone, Map<String, String> result) throws InterruptedException, IOException {
        if (!"ok".equals(result.get("status"))) {
            return "-"; // only calls that count have a report
        }
        // "report: DIR/call-N.json (and .html)", printed once the call's RESULT line is out.
        String line = phone.await("/call-" + result.get("call") + ".json (and", REPORT_WRITTEN);
        String path = line.substring(line.indexOf("report: ") + "report: ".length(), line.indexOf(" (and"));
        CallReport report = CallReportJson.read(Files.readString(Path.of(path)));
        return report.ice().selectedPair(1)
                .flatMap(pair -> report.ice().localCandidates().stream()
                        .filter(c -> c.id().equals(pair.localCandidateId())).findFirst())
                .map(IceCandidateStats::relayProtocol).orElse("-");
    }
}

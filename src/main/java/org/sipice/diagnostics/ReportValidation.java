package org.sipice.diagnostics;

import java.util.List;
import java.util.Set;
import org.sipice.ice.IceCandidatePairStats;
import org.sipice.ice.IceCandidateStats;
import org.sipice.ice.IceStats;

/**
 * What a report read from a file must hold before it is rendered: every field the page and tools
 * rely on, and pairs that name listed candidates. A missing one is an error naming it (JSON
 * readers fill what is absent with null, which would otherwise surface as a crash mid-page).
 */
final class ReportValidation {
    private ReportValidation() {
    }

    static void requireComplete(CallReport report) {
        require(report.callId(), "callId");
        require(report.state(), "state");
        require(report.createdAt(), "createdAt");
        IceStats ice = report.ice();
        require(ice, "ice");
        require(ice.timestamp(), "ice.timestamp");
        require(ice.role(), "ice.role");
        require(ice.state(), "ice.state");
        candidates(ice.localCandidates(), "ice.localCandidates");
        candidates(ice.remoteCandidates(), "ice.remoteCandidates");
        for (int i = 0; i < ice.pairs().size(); i++) {
            IceCandidatePairStats p = ice.pairs().get(i);
            String at = "ice.pairs[" + i + "]";
            require(p, at);
            require(p.id(), at + ".id");
            require(p.state(), at + ".state");
            if (ice.candidate(require(p.localCandidateId(), at + ".localCandidateId")).isEmpty()
                    || ice.candidate(require(p.remoteCandidateId(), at + ".remoteCandidateId")).isEmpty()) {
                throw new IllegalArgumentException(at + " names a candidate the report does not list");
            }
        }
        for (int i = 0; i < report.timeline().size(); i++) {
            TimelineEntry e = report.timeline().get(i);
            String at = "timeline[" + i + "]";
            require(e, at);
            require(e.timestamp(), at + ".timestamp");
            if (!Set.of(TimelineEntry.SIP, TimelineEntry.ICE, TimelineEntry.CALL).contains(require(e.kind(),
                    at + ".kind"))) {
                throw new IllegalArgumentException(at + ".kind must be sip, ice or call, not " + e.kind());
            }
            if (require(e.label(), at + ".label").isEmpty()) {
                throw new IllegalArgumentException(at + ".label is empty");
            }
        }
    }

    private static void candidates(List<IceCandidateStats> candidates, String where) {
        for (int i = 0; i < candidates.size(); i++) {
            IceCandidateStats c = candidates.get(i);
            String at = where + "[" + i + "]";
            require(c, at);
            require(c.id(), at + ".id");
            require(c.candidateType(), at + ".candidateType");
            require(c.address(), at + ".address");
        }
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("not a complete sipice call report: " + field + " is missing");
        }
        return value;
    }
}

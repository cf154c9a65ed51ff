package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/TROUBLESHOOTING.md names every reason the CLI writes in a RESULT line: the literal reasons
 * of {@code ResultLine.failed("...")} in org.sipice.cli and of {@link CallVerdict}'s checks.
 */
class TroubleshootingDocsTest {
    private static final Pattern FAILED = Pattern.compile("ResultLine\\.failed\\(\"([a-z0-9_]+)\"");
    private static final Pattern REPORT = Pattern.compile("return \"([a-z_]+)\";");

    @Test
    void everyReasonOfTheCliIsExplained() throws IOException {
        TreeSet<String> reasons = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/org/sipice/cli"))) {
            for (Path file : files.collect(Collectors.toList())) {
                Matcher m = FAILED.matcher(Files.readString(file));
                while (m.find()) {
                    reasons.add(m.group(1));
                }
            }
        }
        String failure = Files.readString(Path.of("src/main/java/org/sipice/cli/CallVerdict.java"));
        failure = failure.substring(failure.indexOf("private static String failure("));
        Matcher m = REPORT.matcher(failure.substring(0, failure.indexOf("\n    }\n")));
        while (m.find()) {
            reasons.add(m.group(1));
        }
        assertTrue(reasons.containsAll(List.of("bad_option", "bad_profile", "wait_expired", "ice_not_completed",
                "no_media_sent", "no_media_received")), "the scan found " + reasons);
        String doc = Files.readString(Path.of("docs/TROUBLESHOOTING.md"));
        TreeSet<String> missing = new TreeSet<>();
        for (String r : reasons) {
            // A reason with a variable end ("rejected_" + status) is documented as rejected_N.
            if (!doc.contains("| `" + r) && !doc.contains("`" + r + "N")) {
                missing.add(r);
            }
        }
        assertEquals(new TreeSet<String>(), missing, "reasons without a row in docs/TROUBLESHOOTING.md");
    }
}

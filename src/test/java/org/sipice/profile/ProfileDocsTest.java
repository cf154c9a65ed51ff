package org.sipice.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sipice.ice.NominationMode;
import org.sipice.sip.EarlyAnswerMode;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.sip.UpdatedOfferPolicy;

/**
 * docs/PROFILES.md and the README stay true to the code: every sipice key is described (and no
 * key that does not exist), every choice of a key with a fixed set is listed, and the list of
 * accepted JAIN-SIP stack properties is the one the loader checks against.
 */
class ProfileDocsTest {
    private static final Pattern KEY = Pattern.compile("`(sipice\\.[a-z0-9-]+)`");
    private static final Map<ProfileKey, List<String>> CHOICES = Map.of(
            ProfileKey.NOMINATION, names(NominationMode.values()),
            ProfileKey.EARLY_ANSWER, names(EarlyAnswerMode.values()),
            ProfileKey.RINGING_GATE_POLICY, names(RingingGatePolicy.values()),
            ProfileKey.UPDATED_OFFER, names(UpdatedOfferPolicy.values()),
            ProfileKey.TRACE_LEVEL, List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"));

    private static List<String> names(Enum<?>[] values) {
        List<String> n = new ArrayList<>();
        for (Enum<?> v : values) {
            n.add(v.name());
        }
        return n;
    }

    /** Table rows under {@code heading} (up to the next heading of the same level): first cell -> row. */
    private static Map<String, String> rows(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no '" + heading + "' section");
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = doc.indexOf("\n" + level, start + heading.length() + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                rows.put(line.substring(2, line.indexOf(" |", 2)), line);
            }
        }
        return rows;
    }

    private static TreeSet<String> keysIn(Iterable<String> cells) {
        TreeSet<String> keys = new TreeSet<>();
        for (String cell : cells) {
            Matcher m = KEY.matcher(cell);
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    @Test
    void profilesDocDescribesExactlyTheKeysOfTheCodeWithEveryChoice() throws IOException {
        Map<String, String> rows = rows(Files.readString(Path.of("docs/PROFILES.md")), "## sipice keys");
        assertEquals(new TreeSet<>(ProfileKey.keys()), keysIn(rows.keySet()),
                "docs/PROFILES.md 'sipice keys' table vs ProfileKey");
        for (Map.Entry<ProfileKey, List<String>> e : CHOICES.entrySet()) {
            String row = rows.get("`" + e.getKey().key() + "`");
            for (String choice : e.getValue()) {
                assertTrue(row.contains("`" + choice + "`"), e.getKey().key() + " row lacks " + choice + ": " + row);
            }
        }
    }

    @Test
    void theReadmeTableNamesEveryKey() throws IOException {
        Map<String, String> rows = rows(Files.readString(Path.of("README.md")), "## sip-profiles");
        assertEquals(new TreeSet<>(ProfileKey.keys()), keysIn(rows.keySet()), "README 'sip-profiles' table");
    }

    @Test
    void theListOfStackPropertiesIsTheOneTheLoaderChecks() throws IOException {
        Map<String, String> rows = rows(Files.readString(Path.of("docs/PROFILES.md")), "### Accepted names");
        List<String> documented = new ArrayList<>();
        for (String cell : rows.keySet()) {
            documented.add(cell.substring(1, cell.length() - 1));
        }
        assertEquals(StackProperties.names(), documented);
    }
}

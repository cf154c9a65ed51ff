package org.sipice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every change to the public surface is a visible diff: the API as built ({@link ApiListing}) must
 * equal the checked-in {@code api/sipice.api}. After a deliberate change, regenerate the file
 * with {@link #UPDATE} and commit it with the change (docs/ARCHITECTURE.md, "Public API").
 */
class ApiListingTest {
    static final Path LISTING = Path.of("api", "sipice.api");
    static final String UPDATE = "mvn -B -o test -Dtest=ApiListingTest -Dsipice.api.update=true";

    private static final String HEADER = """
            # sipice's public API: every public type of a public package (docs/ARCHITECTURE.md,
            # "Public API") and its public and protected members. Generated; compared by
            # ApiListingTest in every build. Regenerate after a deliberate change with
            #   %s
            # and commit it with the change: the diff of this file is the API review.
            """.formatted(UPDATE);

    @Test
    void theApiIsTheCheckedInListing() throws IOException {
        List<String> built = ApiListing.of(SipicePackages.main());
        if (Boolean.getBoolean("sipice.api.update")) {
            Files.createDirectories(LISTING.getParent());
            Files.writeString(LISTING, HEADER + String.join("\n", built) + "\n", StandardCharsets.UTF_8);
            return;
        }
        List<String> checkedIn = Files.exists(LISTING)
                ? Files.readAllLines(LISTING, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#")).toList()
                : List.of();
        if (!built.equals(checkedIn)) {
            fail("the public API differs from " + LISTING + " (- only in the file, + only in the build):\n"
                    + String.join("\n", difference(checkedIn, built))
                    + "\n\nIf the change is deliberate, regenerate the listing and commit it with the change:\n  "
                    + UPDATE);
        }
    }

    @Test
    void aDifferenceShowsEachChangedMemberUnderItsType() {
        List<String> file = List.of("public final class A", "  public int size()", "public final class B");
        List<String> build = List.of("public final class A", "  public long size()", "public final class B",
                "  public void close()");
        assertEquals(List.of(
                "-   public int size()    (in public final class A)",
                "+   public long size()    (in public final class A)",
                "+   public void close()    (in public final class B)"), difference(file, build));
    }

    /** The lines only one side has, in listing order, each under its type's declaration. */
    static List<String> difference(List<String> file, List<String> build) {
        Set<String> inFile = new HashSet<>(file);
        Set<String> inBuild = new HashSet<>(build);
        List<String> out = new ArrayList<>();
        collect(file, inBuild, "- ", out);
        collect(build, inFile, "+ ", out);
        return out;
    }

    private static void collect(List<String> lines, Set<String> other, String mark, List<String> out) {
        String type = null;
        for (String line : lines) {
            if (!line.startsWith(" ")) {
                type = line;
            }
            if (!other.contains(line)) {
                out.add(line.startsWith(" ") ? mark + line + "    (in " + type + ")" : mark + line);
            }
        }
    }
}

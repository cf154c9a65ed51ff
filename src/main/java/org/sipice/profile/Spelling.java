package org.sipice.profile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The "did you mean" of a misspelled key: the known key nearest to it, if close enough. */
final class Spelling {
    /** Edits allowed between a misspelling and the key it was meant to be. */
    private static final int MAX_EDITS = 3;

    private Spelling() {
    }

    /** The known key closest to {@code typed} (ties: the first), if within a few edits. */
    static Optional<String> nearest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(k.toLowerCase(Locale.ROOT), typed.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= MAX_EDITS ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean KEY?)" or nothing. */
    static String hint(String typed, Collection<String> known) {
        return nearest(typed, known).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

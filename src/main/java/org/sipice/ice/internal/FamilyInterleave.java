package org.sipice.ice.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8421 §4: "the agent SHOULD prioritize IPv6 candidates ... [and] interleave" the families,
 * so that the first checks try both and a broken family cannot hold back the other for long.
 */
final class FamilyInterleave {
    private FamilyInterleave() {
    }

    /** {@code first[0], second[0], first[1], second[1], ...}, then the rest of the longer list. */
    static <T> List<T> interleave(List<T> first, List<T> second) {
        List<T> out = new ArrayList<>(first.size() + second.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }
}

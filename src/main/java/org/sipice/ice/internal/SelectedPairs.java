package org.sipice.ice.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sipice.ice.CandidatePairInfo;

/** A session's selected pairs, one per component (RFC 8445 §8.1.1), as an immutable value. */
record SelectedPairs(List<CandidatePairInfo> pairs) {
    static final SelectedPairs NONE = new SelectedPairs(List.of());

    SelectedPairs {
        pairs = List.copyOf(pairs);
    }

    Optional<CandidatePairInfo> of(int componentId) {
        return pairs.stream().filter(p -> p.componentId() == componentId).findFirst();
    }

    /** The same selection with {@code now} in place of its component's pair. */
    SelectedPairs with(CandidatePairInfo now) {
        List<CandidatePairInfo> updated = new ArrayList<>(pairs);
        updated.replaceAll(p -> p.componentId() == now.componentId() ? now : p);
        return new SelectedPairs(updated);
    }
}

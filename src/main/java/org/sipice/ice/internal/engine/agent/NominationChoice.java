package org.sipice.ice.internal.engine.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.sipice.ice.IceEvent;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;

/**
 * The nomination mode used toward one peer. RFC 5245 §8.1.1: an agent MUST NOT use aggressive
 * nomination toward an ICE-lite peer and, lacking a shared ice-option, cannot know how a peer with
 * options it does not understand treats several nominations; in both cases the agent falls back
 * to regular nomination (RFC 8445 §8.1.1), which every agent handles.
 *
 * @param mode           the mode used while controlling
 * @param fallbackReason why the configured aggressive mode is not used, or null
 */
record NominationChoice(NominationMode mode, String fallbackReason) {

    /**
     * The ice-options understood: {@code ice2} (RFC 8445 §10, RFC 8839 §4.2.1.5: an RFC 8445
     * agent accepts several nominations, §8.1.1) and {@code trickle} (RFC 8840, signalling only).
     */
    static final Set<String> UNDERSTOOD_ICE_OPTIONS = Set.of("ice2", "trickle");

    /** Regular stays regular; aggressive only toward a full agent with understood ice-options. */
    static NominationChoice choose(NominationMode configured, RemoteIce remote) {
        if (configured == NominationMode.REGULAR) {
            return new NominationChoice(NominationMode.REGULAR, null);
        }
        if (remote.iceLite()) {
            return new NominationChoice(NominationMode.REGULAR,
                    "the peer is ICE-lite: aggressive nomination is never used toward it (RFC 5245 §8.1.1)");
        }
        Set<String> unknown = new TreeSet<>();
        for (String option : remote.iceOptions()) {
            if (!UNDERSTOOD_ICE_OPTIONS.contains(option.toLowerCase(Locale.ROOT))) {
                unknown.add(option);
            }
        }
        if (!unknown.isEmpty()) {
            return new NominationChoice(NominationMode.REGULAR, "the peer's ice-options " + unknown
                    + " are not understood: aggressive nomination is not used (RFC 5245 §8.1.1)");
        }
        return new NominationChoice(NominationMode.AGGRESSIVE, null);
    }

    /** {@link IceEvent.NominationFallback} if any, then {@link IceEvent.NominationModeChosen}. */
    List<IceEvent> events() {
        List<IceEvent> events = new ArrayList<>(2);
        if (fallbackReason != null) {
            events.add(new IceEvent.NominationFallback(mode, fallbackReason));
        }
        events.add(new IceEvent.NominationModeChosen(mode));
        return events;
    }
}

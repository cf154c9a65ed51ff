package org.sipice.ice.internal.nomination;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sipice.ice.IceEvent;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;

/**
 * The nomination mode used toward one peer. RFC 5245 §8.1.1: "An agent MUST NOT use aggressive
 * nomination ... toward an ice-lite peer" and, lacking a shared ice-option, an agent cannot know
 * how a peer with options it does not understand treats several nominations; in both cases the
 * session falls back to regular nomination (RFC 8445 §8.1.1), which every agent handles.
 *
 * @param mode the mode the session uses while controlling
 * @param fallbackReason why the configured aggressive mode is not used, if it is not
 */
public record NominationChoice(NominationMode mode, Optional<String> fallbackReason) {

    /**
     * The ice-options we understand: {@code ice2} (RFC 8445 §10, RFC 8839 §4.2.1.5, the peer is an
     * RFC 8445 agent, which accepts several nominations, §8.1.1) and {@code trickle} (RFC 8840,
     * about signalling only).
     */
    public static final Set<String> UNDERSTOOD_ICE_OPTIONS = Set.of("ice2", "trickle");

    public NominationChoice {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(fallbackReason);
    }

    /** Regular stays regular; aggressive only toward a full agent with known ice-options. */
    public static NominationChoice choose(NominationMode configured, RemoteIce remote) {
        if (configured == NominationMode.REGULAR) {
            return new NominationChoice(NominationMode.REGULAR, Optional.empty());
        }
        if (remote.iceLite()) {
            return fallback("the peer is ICE-lite: aggressive nomination is never used toward it (RFC 5245 §8.1.1)");
        }
        Set<String> unknown = new TreeSet<>();
        for (String option : remote.iceOptions()) {
            if (!UNDERSTOOD_ICE_OPTIONS.contains(option.toLowerCase(Locale.ROOT))) {
                unknown.add(option);
            }
        }
        if (!unknown.isEmpty()) {
            return fallback("the peer's ice-options " + unknown
                    + " are not understood: aggressive nomination is not used (RFC 5245 §8.1.1)");
        }
        return new NominationChoice(NominationMode.AGGRESSIVE, Optional.empty());
    }

    private static NominationChoice fallback(String reason) {
        return new NominationChoice(NominationMode.REGULAR, Optional.of(reason));
    }

    /** {@link IceEvent.NominationFallback} if any, then {@link IceEvent.NominationModeChosen}. */
    public List<IceEvent> events() {
        List<IceEvent> events = new ArrayList<>(2);
        fallbackReason.ifPresent(reason -> events.add(new IceEvent.NominationFallback(mode, reason)));
        events.add(new IceEvent.NominationModeChosen(mode));
        return List.copyOf(events);
    }
}

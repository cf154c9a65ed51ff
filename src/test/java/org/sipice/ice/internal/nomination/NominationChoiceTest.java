package org.sipice.ice.internal.nomination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.ice.IceEvent;
import org.sipice.ice.NominationMode;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.CandidateType;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;

/** RFC 5245 §8.1.1 as a table: which mode is used toward which peer, and the strategy per role. */
class NominationChoiceTest {

    @ParameterizedTest(name = "{0} toward lite={1} ice-options=[{2}] -> {3}")
    @CsvSource({
        "REGULAR,    false, ice2,              REGULAR,    false",
        "REGULAR,    true,  '',                REGULAR,    false",
        "AGGRESSIVE, false, ice2,              AGGRESSIVE, false",
        "AGGRESSIVE, false, ice2 trickle,      AGGRESSIVE, false",
        "AGGRESSIVE, false, ICE2,              AGGRESSIVE, false",
        "AGGRESSIVE, false, '',                AGGRESSIVE, false", // an RFC 5245 peer without options
        "AGGRESSIVE, true,  ice2,              REGULAR,    true",
        "AGGRESSIVE, false, ice2 rtp+ecn,      REGULAR,    true",
        "AGGRESSIVE, false, x-vendor-thing,    REGULAR,    true",
    })
    void aggressiveOnlyTowardAFullPeerWithUnderstoodOptions(NominationMode configured, boolean lite, String options,
            NominationMode used, boolean fellBack) {
        NominationChoice choice = NominationChoice.choose(configured, peer(lite, options));

        assertEquals(used, choice.mode());
        assertEquals(fellBack, choice.fallbackReason().isPresent());
        IceEvent last = choice.events().get(choice.events().size() - 1);
        assertEquals(new IceEvent.NominationModeChosen(used), last);
        if (fellBack) {
            assertEquals(new IceEvent.NominationFallback(NominationMode.REGULAR, choice.fallbackReason().get()),
                    choice.events().get(0));
        }
    }

    @Test
    void theFallbackReasonNamesTheUnknownOptions() {
        Optional<String> reason = NominationChoice.choose(NominationMode.AGGRESSIVE, peer(false, "ice2 zeta alpha"))
                .fallbackReason();
        assertEquals(Optional.of("the peer's ice-options [alpha, zeta] are not understood: aggressive nomination"
                + " is not used (RFC 5245 §8.1.1)"), reason);
    }

    @Test
    void eachRoleAndModeHasItsStrategy() {
        Nomination aggressive = Nomination.of(true, NominationMode.AGGRESSIVE);
        Nomination regular = Nomination.of(true, NominationMode.REGULAR);
        Nomination controlled = Nomination.of(false, NominationMode.AGGRESSIVE);

        assertTrue(aggressive.useCandidateOnEveryCheck());
        assertTrue(aggressive.reselects());
        assertFalse(regular.useCandidateOnEveryCheck());
        assertFalse(regular.reselects()); // RFC 8445 §8.1.1: one nomination, never another
        assertFalse(controlled.useCandidateOnEveryCheck());
        assertTrue(controlled.reselects()); // accepts an aggressive peer's several nominations
        assertEquals(controlled, Nomination.of(false, NominationMode.REGULAR));
    }

    private static RemoteIce peer(boolean lite, String options) {
        IceCandidate host = new IceCandidate("1", 1, "UDP", 2130706431L, "192.0.2.1", 4000, CandidateType.HOST, null,
                null, null, List.of());
        List<String> tags = options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
        return new RemoteIce(new IceCredentials("ufrag", "passwordpasswordpassword"), List.of(host), lite,
                OptionalInt.empty(), tags);
    }
}

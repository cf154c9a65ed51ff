package org.sipice.ice;

import static org.sipice.testing.Await.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipice.ice.IceEvent.Completed;
import org.sipice.ice.IceEvent.NominationFallback;
import org.sipice.ice.IceEvent.NominationModeChosen;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.WireTap;

/**
 * Which nomination mode Alice (controlling) uses toward Bob, what she says about it, and what
 * goes on the wire. Aggressive is never used toward an ICE-lite peer or a peer whose ice-options
 * we do not understand (RFC 5245 §8.1.1): the session falls back to regular and says why.
 */
class NominationModeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    static Stream<Arguments> peers() {
        return Stream.of(
                // configured, peer is lite, peer's ice-options, mode used, fallback reason contains
                Arguments.of(NominationMode.AGGRESSIVE, false, List.of("ice2"), NominationMode.AGGRESSIVE, null),
                Arguments.of(NominationMode.AGGRESSIVE, false, List.of("ice2", "trickle"), NominationMode.AGGRESSIVE,
                        null),
                Arguments.of(NominationMode.AGGRESSIVE, false, List.of(), NominationMode.AGGRESSIVE, null),
                Arguments.of(NominationMode.AGGRESSIVE, true, List.of("ice2"), NominationMode.REGULAR, "ICE-lite"),
                Arguments.of(NominationMode.AGGRESSIVE, false, List.of("ice2", "rtp+ecn"), NominationMode.REGULAR,
                        "[rtp+ecn]"),
                Arguments.of(NominationMode.REGULAR, false, List.of("ice2"), NominationMode.REGULAR, null));
    }

    @ParameterizedTest(name = "{0} configured, peer lite={1} ice-options={2}: {3}")
    @MethodSource("peers")
    void aliceNominatesInTheModeThePeerAllows(NominationMode configured, boolean peerIsLite, List<String> peerOptions,
            NominationMode used, String fallbackReason) throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        WireTap aliceWire = WireTap.recording();
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true)
                .ta(Duration.ofMillis(10)).nomination(configured).build();
        try (IceSession alice = aliceWire.session(config, IceRole.CONTROLLING, aliceEvents);
                IceSession bob = IceSession.create(config, IceRole.CONTROLLED, null)) {
            LocalIce offer = await(alice.gather(), DEADLINE);
            LocalIce answer = await(bob.gather(), DEADLINE);
            bob.start(IcePeers.remote(offer));
            RemoteIce bobAsSignalled = IcePeers.remote(answer);
            alice.start(new RemoteIce(bobAsSignalled.credentials(), bobAsSignalled.candidates(), peerIsLite,
                    bobAsSignalled.icePacing(), peerOptions));
            aliceEvents.await(Completed.class, DEADLINE);

            // The ladder: checks start, then (if any) the fallback and its reason, then the mode.
            List<String> names = aliceEvents.names();
            int checks = names.indexOf("ChecksStarted");
            List<String> expected = fallbackReason == null
                    ? List.of("ChecksStarted", "NominationModeChosen")
                    : List.of("ChecksStarted", "NominationFallback", "NominationModeChosen");
            assertEquals(expected, names.subList(checks, checks + expected.size()));
            assertEquals(new NominationModeChosen(used), aliceEvents.await(NominationModeChosen.class, DEADLINE));
            if (fallbackReason != null) {
                NominationFallback fallback = aliceEvents.await(NominationFallback.class, DEADLINE);
                assertEquals(NominationMode.REGULAR, fallback.used());
                assertTrue(fallback.reason().contains(fallbackReason), fallback.reason());
                assertTrue(fallback.reason().contains("RFC 5245 §8.1.1"), fallback.reason());
            }

            // On the wire: aggressive puts USE-CANDIDATE on every check (RFC 5245 §8.1.1.2);
            // regular sends an ordinary check first and nominates with a second one (RFC 8445 §8.1.1).
            List<Boolean> useCandidate = aliceWire.sent(s -> s.stun().isBindingRequest()).stream()
                    .map(s -> s.stun().useCandidate()).collect(Collectors.toList());
            if (used == NominationMode.AGGRESSIVE) {
                assertTrue(useCandidate.stream().allMatch(u -> u), "checks with USE-CANDIDATE: " + useCandidate);
            } else {
                assertEquals(false, useCandidate.get(0), "checks with USE-CANDIDATE: " + useCandidate);
                assertTrue(useCandidate.contains(true), "checks with USE-CANDIDATE: " + useCandidate);
            }
        }
    }

    @Test
    void aControlledAgentTakesControlTowardALitePeerAndNominatesRegularly() throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true)
                .ta(Duration.ofMillis(10)).nomination(NominationMode.AGGRESSIVE).build();
        try (IceSession alice = IceSession.create(config, IceRole.CONTROLLED, aliceEvents);
                IceSession bob = IceSession.create(config, IceRole.CONTROLLED, null)) {
            LocalIce answer = await(alice.gather(), DEADLINE);
            LocalIce offer = await(bob.gather(), DEADLINE);
            RemoteIce bobAsSignalled = IcePeers.remote(offer);
            alice.start(new RemoteIce(bobAsSignalled.credentials(), bobAsSignalled.candidates(), true,
                    bobAsSignalled.icePacing(), bobAsSignalled.iceOptions()));
            aliceEvents.await(IceEvent.ChecksStarted.class, DEADLINE); // Bob, "lite", never takes control
            bob.start(IcePeers.remote(answer));
            aliceEvents.await(Completed.class, DEADLINE);

            // RFC 8445 §6.1.1: a full agent is controlling toward a lite one, and then nominates
            // regularly whatever it was configured for (RFC 5245 §8.1.1).
            assertEquals(IceRole.CONTROLLING, alice.role());
            assertEquals(List.of(new IceEvent.RoleChanged(IceRole.CONTROLLING)),
                    aliceEvents.ofType(IceEvent.RoleChanged.class));
            assertEquals(new IceEvent.ChecksStarted(IceRole.CONTROLLING, 1),
                    aliceEvents.await(IceEvent.ChecksStarted.class, DEADLINE));
            assertTrue(aliceEvents.await(NominationFallback.class, DEADLINE).reason().contains("ICE-lite"));
            assertEquals(new NominationModeChosen(NominationMode.REGULAR),
                    aliceEvents.await(NominationModeChosen.class, DEADLINE));
        }
    }
}

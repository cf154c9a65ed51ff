package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipice.ice.IceEvent.Completed;
import org.sipice.ice.IceEvent.RoleChanged;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;

/**
 * Role conflicts (RFC 8445 §7.3.1.1, §7.2.5.1): when both agents think they are controlling, or
 * both controlled (glare, a lost or rewritten SDP), the tie-breakers decide, by a 487 Role
 * Conflict or by the receiver switching. Either way the call completes, exactly one agent ends
 * controlling, both select the same pair, and the agent that switched says so.
 */
class RoleConflictTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @ParameterizedTest(name = "both {0}, {1} nomination")
    @CsvSource({
        "CONTROLLING, REGULAR",
        "CONTROLLING, AGGRESSIVE",
        "CONTROLLED, REGULAR",
        "CONTROLLED, AGGRESSIVE",
    })
    void exactlyOneAgentEndsControllingAndBothSelectTheSamePair(IceRole both, NominationMode mode) throws Exception {
        EventRecorder aliceEvents = new EventRecorder();
        EventRecorder bobEvents = new EventRecorder();
        IceConfig config = IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true)
                .ta(Duration.ofMillis(10)).nomination(mode).build();
        try (IceSession alice = IceSession.create(config, both, aliceEvents);
                IceSession bob = IceSession.create(config, both, bobEvents)) {

            IcePeers.connect(alice, bob, DEADLINE);
            aliceEvents.await(Completed.class, DEADLINE);
            bobEvents.await(Completed.class, DEADLINE);

            assertNotEquals(alice.role(), bob.role(), "exactly one agent is controlling");
            IceSession switched = alice.role() == both ? bob : alice;
            EventRecorder switchedEvents = switched == alice ? aliceEvents : bobEvents;
            EventRecorder keptEvents = switched == alice ? bobEvents : aliceEvents;
            // Events report the final role: one RoleChanged on the agent that gave way, none on the other.
            assertEquals(List.of(new RoleChanged(switched.role())), switchedEvents.ofType(RoleChanged.class));
            assertEquals(List.of(), keptEvents.ofType(RoleChanged.class));

            CandidatePairInfo a = alice.selectedPair(1).orElseThrow();
            CandidatePairInfo b = bob.selectedPair(1).orElseThrow();
            assertEquals(a.local().port(), b.remote().port(), "both ends agree on the 5-tuple");
            assertEquals(a.remote().port(), b.local().port(), "both ends agree on the 5-tuple");
        }
    }
}

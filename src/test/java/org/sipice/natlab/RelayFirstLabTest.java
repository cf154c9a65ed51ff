package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipice.natlab.LabPhones.CallRun;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;

/**
 * The probe drives the policy: behind an address-and-port-dependent mapping (both routers
 * APDM/APDF, where only a relay works), the caller feeds {@code sipice nat-probe}'s mapping into
 * {@code sipice.local-nat-mapping}; gathering then asks only the TURN server (whose Allocate
 * response also yields the server-reflexive candidate) and the call goes through the relay.
 */
@Timeout(180)
class RelayFirstLabTest {

    @Test
    void probedApdm_relayFirstGathering_callGoesThroughTheRelay() throws Exception {
        NatLab.NatType symmetric = NatPathModel.type("apdm/apdf");
        try (NatLab lab = NatLab.up(symmetric, symmetric, NatLab.Options.DEFAULT);
                LabPhones phones = LabPhones.start(lab, Duration.ofSeconds(5))) {
            Map<String, String> probe = lab.probe("--lifetime-max", "0", "--no-hairpinning", "--wait", "400").get(0);
            assertEquals("apdm", probe.get("mapping"), probe.toString());

            CallRun run = phones.call(true, List.of("--set", "sipice.local-nat-mapping=" + probe.get("mapping")));

            assertEquals(Outcome.RELAY, run.outcome().outcome(), run.toString());
            String gathered = run.callerOutput().stream().filter(l -> l.contains("ICE  gathered")).findFirst()
                    .orElseThrow();
            assertTrue(gathered.contains("relay 203.0.113.1:") && gathered.contains("srflx 203.0.113.11:"),
                    "relay and server-reflexive candidates, both from the Allocate: " + gathered);
            assertTrue(run.callerOutput().stream().noneMatch(l -> l.contains("server stun:")),
                    "no STUN Binding was asked, so no STUN server can be reported silent: " + run.callerOutput());
        }
    }
}

package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.IceCandidateStats;
import org.sipice.testing.CallMedia;
import org.sipice.testing.TwoAgents;

/**
 * A call between two sipice user agents with ICE-TCP on (RFC 6544): the offer and the answer carry
 * each side's active and passive TCP candidates through SIP, each side reads the other's, and the
 * UDP pair is still the one selected (RFC 6544 §4.2).
 */
class IceTcpCallTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    final TwoAgents agents = new TwoAgents();

    @Test
    void aliceCallsBobBothOfferTcpCandidatesAndTheUdpPairCarriesTheCall() throws Exception {
        UnaryOperator<CallConfig> iceTcp = c -> c.toBuilder().ice(c.ice().toBuilder().iceTcp(true).build()).build();
        agents.start(iceTcp, iceTcp);

        Call call = agents.alice().ua().call(agents.bob().uri());
        await(call.established());
        Call bobCall = agents.bobEvents().awaitIncoming(DEADLINE);
        await(bobCall.established());
        await(call.iceReady());

        for (Call side : List.of(call, bobCall)) {
            List<IceCandidateStats> remoteTcp = side.report().ice().remoteCandidates().stream()
                    .filter(c -> "tcp".equalsIgnoreCase(c.protocol())).toList();
            assertTrue(remoteTcp.stream().anyMatch(c -> c.port() == 9), "the peer's active candidate: " + remoteTcp);
            assertTrue(remoteTcp.stream().anyMatch(c -> c.port() != 9), "the peer's passive candidate: " + remoteTcp);
            for (int component = 1; component <= 2; component++) {
                assertEquals("host/udp-host/udp", side.selectedPair(component).orElseThrow().typeSummary());
            }
        }
        CallMedia.exchange(call, bobCall, 20, Duration.ofSeconds(5));

        call.hangup();
        await(call.ended());
    }
}

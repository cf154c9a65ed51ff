package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipice.natlab.EgressPhones.Call;
import org.sipice.natlab.EgressReport.Measured;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.RouterEgress;

/**
 * The restricted-egress rows of the NAT matrix: real {@code sipice call}/{@code sipice answer}
 * processes between two LANs whose routers block UDP outward or let out only TCP to port 443
 * ({@link EgressRow#ROWS}). A side that lets no UDP out allocates its relayed candidate over TCP
 * or TLS (RFC 8656 §3.1) and every pair it selects is relayed, as {@link NatPathModel} predicts; the
 * call completes with media both ways. Each row runs in its own lab (its own id, so rows run
 * side by side here and beside the other lab tests) and is self-checked before its calls: a
 * router that lets out more or less than labelled fails the row. Writes its section of
 * docs/nat-matrix.md. Root only (network namespaces): without root it skips, and under
 * {@code CI=true} it fails instead.
 */
@Execution(ExecutionMode.CONCURRENT)
@Timeout(300)
class RestrictedEgressMatrixTest {
    /** Calls per row: the table gives their median setup time. */
    private static final int CALLS = Integer.getInteger("sipice.natlab.egress-calls", 3);
    /** Long enough for RTP both ways (50 packets each), short enough for the suite. */
    private static final Duration HOLD = Duration.ofSeconds(1);
    /**
     * The gathering deadline of both softphones. A TURN allocation over TCP or TLS from a freshly
     * started {@code sipice call} JVM, eight labs at once on a loaded 2-core machine, was seen to
     * miss the default 800 ms, and over TLS (two handshakes, RTP and RTCP) 2500 ms: no relayed
     * candidate for a component, a clean ICE failure, not what a row tests. A closed side waits
     * the whole deadline for its unanswered STUN server, so setup grows by as much.
     */
    static final String GATHERING_MS = System.getProperty("sipice.natlab.egress-gathering-ms", "5000");
    private static final Map<EgressRow, Measured> MEASURED = new ConcurrentHashMap<>();
    private static long started;

    @BeforeAll
    static void theLabNeedsRootAndCoturn() {
        NatLab.require(true);
        started = System.nanoTime();
    }

    static Stream<EgressRow> rows() {
        return EgressRow.ROWS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aSideThatLetsNoUdpOut_relaysOverTcpOrTls_andTheCallCarriesMediaBothWays(EgressRow row) throws Exception {
        List<Call> calls = new ArrayList<>();
        try (NatLab lab = NatLab.up(row.a(), row.b(), row.labOptions())) {
            lab.selfCheck();
            try (EgressPhones phones = EgressPhones.start(lab, row, List.of("--set",
                    "sipice.gathering-timeout-ms=" + GATHERING_MS))) {
                for (int i = 0; i < CALLS; i++) {
                    calls.add(phones.call(HOLD));
                }
            }
        } catch (Exception | AssertionError e) {
            MEASURED.put(row, new Measured(row, calls, e.toString()));
            throw e;
        }
        MEASURED.put(row, new Measured(row, calls, null));

        for (Call call : calls) {
            assertEquals(row.predicted(), call.outcome(), call.ladders());
            if (row.publicCallee()) {
                directOverTcp(call);
                continue;
            }
            assertEquals(Outcome.RELAY, call.outcome());
            closedSidesRelayedOverTheirServer(row, call);
        }
    }

    /** The caller's active TCP host candidate reached the public callee's passive one (RFC 6544), RTP and RTCP. */
    private static void directOverTcp(Call call) {
        Map<String, String> a = call.caller();
        assertTrue(a.get("pair").startsWith("host/tcp-") && a.get("rtcp_pair").startsWith("host/tcp-"),
                "the caller sends from its TCP host candidate: " + a);
        assertEquals("-", call.relayProtocol("a"), "not relayed: " + a);
    }

    /**
     * A closed side allocated on its TCP or TLS server and selected a relayed local candidate for
     * RTP and RTCP, the RTP one relayed over that server's transport (its call report's relayProtocol).
     */
    private static void closedSidesRelayedOverTheirServer(EgressRow row, Call call) {
        for (String side : List.of("a", "b")) {
            RouterEgress egress = side.equals("a") ? row.egressA() : row.egressB();
            if (egress.letsUdpOut()) {
                continue;
            }
            String turn = row.allocatesOn(side);
            assertTrue(call.allocatedOn(side, turn), "side " + side + " allocated on " + EgressRow.uri(turn) + ":\n"
                    + String.join("\n", side.equals("a") ? call.callerLines() : call.calleeLines()));
            Map<String, String> result = call.of(side);
            assertTrue(result.get("pair").startsWith("relay/") && result.get("rtcp_pair").startsWith("relay/"),
                    "side " + side + " sends from its relayed candidate: " + result);
            assertEquals(EgressRow.transport(turn), call.relayProtocol(side), "side " + side + "'s relay protocol");
        }
    }

    @AfterAll
    static void writeTheRows() throws Exception {
        if (MEASURED.isEmpty()) {
            return; // skipped (no root): nothing was measured
        }
        long took = (System.nanoTime() - started) / 1_000_000_000L;
        List<Measured> rows = EgressRow.ROWS.stream().map(r -> MEASURED.getOrDefault(r,
                new Measured(r, List.of(), "not run"))).toList();
        // Each row's own test fails when it differs; this only writes the table.
        EgressReport.write(Path.of("docs", "nat-matrix.md"), rows, "Last run: " + rows.size() + " rows, " + CALLS
                + " calls each, in " + took + " s (rows side by side, each in its own lab), gathering deadline "
                + GATHERING_MS + " ms on both sides (the benchmarks below have the default 800 ms).");
    }
}

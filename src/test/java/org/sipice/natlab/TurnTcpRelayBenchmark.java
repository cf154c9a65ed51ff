package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.natlab.EgressPhones.Call;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.Percentiles;
import org.sipice.testing.RouterEgress;

/**
 * The figures of a call whose both sides are UDP-blocked (issue 13, "Figures"): both routers
 * eim/apdf with {@code block-udp}, each softphone relaying over TURN/TCP to coturn's port 3478,
 * lab without delay or loss. {@link #CALLS} calls held 1 s give the setup time (median, with the
 * gathering and ICE parts from the caller's ladder), then as many with {@code --relay-only} on both
 * sides (only relayed candidates signalled and checked); one call held {@link #HOLD_S} s gives the
 * RTP packets each side sent and the other received. Prints a table and writes the section
 * "TURN over TCP, both sides UDP-blocked: figures" of docs/nat-matrix.md. Not in the suite
 * (a benchmark); root only:
 * <pre>
 * mvn -B -o -q test -Dtest=TurnTcpRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0
 * </pre>
 */
@Tag("benchmark")
class TurnTcpRelayBenchmark {
    static final int CALLS = Integer.getInteger("tcprelay.calls", 10);
    static final int HOLD_S = Integer.getInteger("tcprelay.hold-s", 60);
    private static final Pattern GATHERED = Pattern.compile("ICE  gathered \\d+ candidates in (\\d+) ms");
    private static final EgressRow BOTH_BLOCKED = EgressRow.ROWS.stream()
            .filter(r -> r.egressA() == RouterEgress.BLOCK_UDP && r.egressB() == RouterEgress.BLOCK_UDP).findFirst()
            .orElseThrow();

    @Test
    void printsTheFigures() throws Exception {
        NatLab.require(true);
        String setups;
        Call held;
        try (NatLab lab = NatLab.up(BOTH_BLOCKED.a(), BOTH_BLOCKED.b(), BOTH_BLOCKED.labOptions())) {
            lab.selfCheck();
            try (EgressPhones phones = EgressPhones.start(lab, BOTH_BLOCKED)) {
                setups = setupRow("STUN + TURN/TCP (every candidate)", phones);
                held = relayed(phones.call(Duration.ofSeconds(HOLD_S)));
            }
            try (EgressPhones phones = EgressPhones.start(lab, BOTH_BLOCKED, List.of("--relay-only"))) {
                setups += setupRow("TURN/TCP, `--relay-only`", phones);
            }
        }
        Map<String, String> a = held.caller();
        Map<String, String> b = held.callee();
        int aSent = Integer.parseInt(a.get("media_sent"));
        int bSent = Integer.parseInt(b.get("media_sent"));
        int aReceived = Integer.parseInt(a.get("media_received"));
        int bReceived = Integer.parseInt(b.get("media_received"));
        String figures = String.format(Locale.ROOT, "| candidates | setup ms, median of %d | p90 | min | max | caller "
                + "gathering ms (median) | caller ICE ms (median) |%n|---|---|---|---|---|---|---|%n%s%n"
                + "| %d s call | a sent | b received | a → b not received | b sent | a received "
                + "| b → a not received | longest gap at a / b |%n|---|---|---|---|---|---|---|---|%n"
                + "| %s / %s | %d | %d | %d | %d | %d | %d | %s / %s ms |%n", CALLS, setups, HOLD_S,
                a.get("pair"), b.get("pair"), aSent, bReceived, aSent - bReceived, bSent, aReceived,
                bSent - aReceived, a.get("media_gap_ms"), b.get("media_gap_ms"));
        System.out.println("\nTurnTcpRelayBenchmark: both routers eim/apdf block-udp, TURN over TCP 3478 on both "
                + "sides, no delay\n" + figures);
        MatrixSections.replace(Path.of("docs", "nat-matrix.md"), "TURN over TCP, both sides UDP-blocked: figures",
                "Written by `TurnTcpRelayBenchmark` (by hand, root; not in the suite). Both routers eim/apdf with "
                        + "egress `block-udp`, both softphones with STUN (unanswered: the 800 ms gathering "
                        + "deadline) and TURN over TCP 3478, lab without delay or loss; then the same with "
                        + "`--relay-only` on both sides (only relayed candidates signalled and checked; the STUN server is "
                        + "still asked). Setup: the caller's "
                        + "`setup_ms` (dial, gathering included, to established). Then one call of " + HOLD_S
                        + " s: RTP packets sent by one side and received by the other, each counting from its "
                        + "own media start to its own hangup (so a packet crossing the BYE would show as not "
                        + "received), and the longest silence each side heard.\n\n" + figures);
    }

    /** {@link #CALLS} calls held 1 s: one table row of their setup, gathering and ICE times. */
    private static String setupRow(String candidates, EgressPhones phones) throws Exception {
        List<Double> setup = new ArrayList<>();
        List<Double> gathering = new ArrayList<>();
        List<Double> ice = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            Call c = relayed(phones.call(Duration.ofSeconds(1)));
            setup.add((double) c.setupMs());
            gathering.add(gatheringMs(c.callerLines()));
            ice.add(Double.parseDouble(c.caller().get("ice_ms")));
        }
        Percentiles s = Percentiles.of(setup);
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", candidates, s.median(),
                s.at(90), s.at(0), s.at(100), Percentiles.of(gathering).median(), Percentiles.of(ice).median());
    }

    /** The call, after checking it went as the row predicts: relayed with media both ways. */
    private static Call relayed(Call c) {
        assertEquals(Outcome.RELAY, c.outcome(), "caller " + c.caller() + "\ncallee " + c.callee());
        return c;
    }

    private static double gatheringMs(List<String> ladder) {
        for (String line : ladder) {
            Matcher m = GATHERED.matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        return -1;
    }
}

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
 * gathering and ICE parts from the caller's ladder); then one call held {@link #HOLD_S} s gives the
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
        List<Double> setup = new ArrayList<>();
        List<Double> gathering = new ArrayList<>();
        List<Double> ice = new ArrayList<>();
        Call held;
        try (NatLab lab = NatLab.up(BOTH_BLOCKED.a(), BOTH_BLOCKED.b(), BOTH_BLOCKED.labOptions())) {
            lab.selfCheck();
            try (EgressPhones phones = EgressPhones.start(lab, BOTH_BLOCKED)) {
                for (int i = 0; i < CALLS; i++) {
                    Call c = relayed(phones.call(Duration.ofSeconds(1)));
                    setup.add((double) c.setupMs());
                    gathering.add(gatheringMs(c.callerLines()));
                    ice.add(Double.parseDouble(c.caller().get("ice_ms")));
                }
                held = relayed(phones.call(Duration.ofSeconds(HOLD_S)));
            }
        }
        Map<String, String> a = held.caller();
        Map<String, String> b = held.callee();
        int aSent = Integer.parseInt(a.get("media_sent"));
        int bSent = Integer.parseInt(b.get("media_sent"));
        int aReceived = Integer.parseInt(a.get("media_received"));
        int bReceived = Integer.parseInt(b.get("media_received"));
        Percentiles s = Percentiles.of(setup);
        String figures = String.format(Locale.ROOT, "| setup ms, median of %d | p90 | min | max | caller gathering ms "
                + "(median) | caller ICE ms (median) |%n|---|---|---|---|---|---|%n| %.0f | %.0f | %.0f | %.0f | %.0f "
                + "| %.0f |%n%n| %d s call | a sent | b received | a → b not received | b sent | a received "
                + "| b → a not received | longest gap at a / b |%n|---|---|---|---|---|---|---|---|%n"
                + "| %s / %s | %d | %d | %d | %d | %d | %d | %s / %s ms |%n", CALLS, s.median(), s.at(90),
                s.at(0), s.at(100), Percentiles.of(gathering).median(), Percentiles.of(ice).median(), HOLD_S,
                a.get("pair"), b.get("pair"), aSent, bReceived, aSent - bReceived, bSent, aReceived,
                bSent - aReceived, a.get("media_gap_ms"), b.get("media_gap_ms"));
        System.out.println("\nTurnTcpRelayBenchmark: both routers eim/apdf block-udp, TURN over TCP 3478 on both "
                + "sides, no delay\n" + figures);
        MatrixSections.replace(Path.of("docs", "nat-matrix.md"), "TURN over TCP, both sides UDP-blocked: figures",
                "Written by `TurnTcpRelayBenchmark` (by hand, root; not in the suite). Both routers eim/apdf with "
                        + "egress `block-udp`, both softphones with STUN (unanswered: the 800 ms gathering "
                        + "deadline) and TURN over TCP 3478, lab without delay or loss. Setup: the caller's "
                        + "`setup_ms` (dial, gathering included, to established). Then one call of " + HOLD_S
                        + " s: RTP packets sent by one side and received by the other, each counting from its "
                        + "own media start to its own hangup (so a packet crossing the BYE would show as not "
                        + "received), and the longest silence each side heard.\n\n" + figures);
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

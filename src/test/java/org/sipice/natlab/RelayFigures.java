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
import org.sipice.natlab.EgressPhones.Call;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.Percentiles;
import org.sipice.testing.RouterEgress;

/**
 * The figures of a call whose both sides are UDP-blocked (issue 13, "Figures"), for one
 * transport to the TURN server: both routers eim/apdf with {@code block-udp}, each softphone
 * relaying over TURN/TCP or TURN/TLS (RFC 8656 §3.1), lab without delay or loss. {@link #CALLS}
 * calls held 1 s give the setup time (median, with the gathering and ICE parts from the caller's
 * ladder), then as many with {@code --relay-only} on both sides (only relayed candidates signalled
 * and checked); one call held {@link #HOLD_S} s gives the RTP packets each side sent and the other
 * received. Prints a table and writes its section of docs/nat-matrix.md. Run by
 * {@link TurnTcpRelayBenchmark} and {@link TurnTlsRelayBenchmark}; root only.
 */
final class RelayFigures {
    static final int CALLS = Integer.getInteger("tcprelay.calls", 10);
    static final int HOLD_S = Integer.getInteger("tcprelay.hold-s", 60);
    private static final Pattern GATHERED = Pattern.compile("ICE  gathered \\d+ candidates in (\\d+) ms");

    private RelayFigures() {
    }

    /** The row of {@link EgressRow#ROWS} with both sides UDP-blocked and relaying over {@code transport}. */
    static EgressRow bothBlocked(String transport) {
        return EgressRow.ROWS.stream().filter(r -> r.egressA() == RouterEgress.BLOCK_UDP
                && r.egressB() == RouterEgress.BLOCK_UDP && EgressRow.transport(r.turnA()).equals(transport))
                .findFirst().orElseThrow();
    }

    /**
     * Measures {@code row} and writes the section {@code title} of docs/nat-matrix.md.
     *
     * @param name the TURN transport as the table shows it, e.g. {@code TURN/TLS}
     * @param server where both softphones reach it, e.g. {@code TLS 5349 (lab CA)}
     */
    static void measure(EgressRow row, String name, String server, String benchmark, String title) throws Exception {
        NatLab.require(true);
        String setups;
        Call held;
        try (NatLab lab = NatLab.up(row.a(), row.b(), row.labOptions())) {
            lab.selfCheck();
            try (EgressPhones phones = EgressPhones.start(lab, row)) {
                setups = setupRow("STUN + " + name + " (every candidate)", phones, row);
                held = relayed(phones.call(Duration.ofSeconds(HOLD_S)), row);
            }
            try (EgressPhones phones = EgressPhones.start(lab, row, List.of("--relay-only"))) {
                setups += setupRow(name + ", `--relay-only`", phones, row);
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
        System.out.println("\n" + benchmark + ": both routers eim/apdf block-udp, " + name + " " + server
                + " on both sides, no delay\n" + figures);
        MatrixSections.replace(Path.of("docs", "nat-matrix.md"), title,
                "Written by `" + benchmark + "` (by hand, root; not in the suite). Both routers eim/apdf with "
                        + "egress `block-udp`, both softphones with STUN (unanswered: the 800 ms gathering "
                        + "deadline) and " + name + " to " + server + ", lab without delay or loss; then the same with "
                        + "`--relay-only` on both sides (only relayed candidates signalled and checked; the STUN "
                        + "server is still asked). Every call is checked relayed over "
                        + EgressRow.transport(row.turnA())
                        + " on both sides (`relayProtocol` in each call report). Setup: the caller's "
                        + "`setup_ms` (dial, gathering included, to established), each call a new `sipice call` "
                        + "process. Then one call of " + HOLD_S
                        + " s: RTP packets sent by one side and received by the other, each counting from its "
                        + "own media start to its own hangup (so a packet crossing the BYE would show as not "
                        + "received), and the longest silence each side heard.\n\n" + figures);
    }

    /** {@link #CALLS} calls held 1 s: one table row of their setup, gathering and ICE times. */
    private static String setupRow(String candidates, EgressPhones phones, EgressRow row) throws Exception {
        List<Double> setup = new ArrayList<>();
        List<Double> gathering = new ArrayList<>();
        List<Double> ice = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            Call c = relayed(phones.call(Duration.ofSeconds(1)), row);
            setup.add((double) c.setupMs());
            gathering.add(gatheringMs(c.callerLines()));
            ice.add(Double.parseDouble(c.caller().get("ice_ms")));
        }
        Percentiles s = Percentiles.of(setup);
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", candidates, s.median(),
                s.at(90), s.at(0), s.at(100), Percentiles.of(gathering).median(), Percentiles.of(ice).median());
    }

    /** The call, after checking it went as the row predicts: relayed over the row's transport, media both ways. */
    private static Call relayed(Call c, EgressRow row) {
        assertEquals(Outcome.RELAY, c.outcome(), c.ladders());
        for (String side : List.of("a", "b")) {
            assertEquals(EgressRow.transport(row.turn(side)), c.relayProtocol(side), "side " + side + "'s relay "
                    + "protocol; " + c.ladders());
        }
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

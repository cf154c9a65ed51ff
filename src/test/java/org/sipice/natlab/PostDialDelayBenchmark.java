package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.natprobe.NatBehaviour;
import org.sipice.testing.NatLab;
import org.sipice.testing.NatLab.NatType;
import org.sipice.testing.Percentiles;
import org.sipice.testing.SipiceProcess;

/**
 * Post-dial delay over a real round trip (issue 12, "Figures it must reach"): in the NAT lab,
 * both LANs behind EIM/EIF routers, each WAN link delayed {@link #ONE_WAY_DELAY_MS} ms each way
 * (about 50 ms between the two LANs), STUN from coturn, rtcp-mux off, no candidate pool.
 * {@code sipice answer} in LAN b takes every call; each call is a {@code sipice call} process in
 * LAN a (the library's own warm-up runs before it dials), regular then aggressive nomination,
 * {@link #CALLS} calls each after one that is not counted. Prints, from the caller's ladder, the
 * time from its INVITE to the 180 Ringing it receives, in ms and in round trips, with where it
 * went: the early answer, the start of the checks, ICE completed, then the 180.
 *
 * <p>The round trip is measured by a UDP echo from LAN a to LAN b on the SIP ports, through both
 * delayed links (the path SIP and ICE take). Root only (namespaces).
 * <pre>
 * mvn -B -o -q test -Dtest=PostDialDelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0 -Dpdd.calls=10
 * </pre>
 */
@Tag("benchmark")
class PostDialDelayBenchmark {
    static final int CALLS = Integer.getInteger("pdd.calls", 10);
    static final int ONE_WAY_DELAY_MS = Integer.getInteger("pdd.delay-ms", 12);
    private static final String CALLEE = "sip:bob@" + NatLab.B_ADDRESS + ":5060";
    private static final Pattern LADDER = Pattern.compile("^\\s*([\\d.]+) ms\\s+local\\s+(.*)$");
    private static final Pattern RTT = Pattern.compile("time=([\\d.]+) ms");

    private static final Pattern GATHERED = Pattern.compile("ICE  gathered \\d+ candidates in (\\d+) ms");
    private static final Pattern GATE = Pattern.compile("ringing gate opened after (\\d+) ms");

    /**
     * One call as the caller's ladder tells it, in ms after its INVITE left (-1: not seen), and
     * from the callee's: how long it gathered, and when its ringing gate opened after the INVITE
     * arrived.
     */
    record Timeline(double firstAnswer, double checksStarted, double iceCompleted, double ringing,
            double calleeGathering, double calleeGate) {
        Timeline withCallee(double gathering, double gate) {
            return new Timeline(firstAnswer, checksStarted, iceCompleted, ringing, gathering, gate);
        }
    }

    @Test
    void printsTheFigures() throws Exception {
        NatLab.require(true);
        NatType eimEif = new NatType(NatBehaviour.Mapping.ENDPOINT_INDEPENDENT,
                NatBehaviour.Filtering.ENDPOINT_INDEPENDENT);
        try (NatLab lab = NatLab.up(eimEif, eimEif, NatLab.Options.DEFAULT.withDelay(ONE_WAY_DELAY_MS, 0))) {
            double rtt = roundTrip(lab);
            List<String> common = List.of("--stun", NatLab.STUN, "--set", "sipice.rtcp-mux=false", "--set",
                    "sipice.candidate-pool-size=0");
            List<String> answer = new ArrayList<>(List.of("answer", "--listen", NatLab.B_ADDRESS + ":5060", "--user",
                    "bob", "--calls", "1000", "--hold", "0"));
            answer.addAll(common);
            try (SipiceProcess callee = SipiceProcess.startIn(lab.namespace("b"), answer.toArray(String[]::new))) {
                callee.awaitListening(Duration.ofSeconds(60));
                PrintStream out = System.out;
                out.printf(Locale.ROOT, "%nPostDialDelayBenchmark: NAT lab EIM/EIF both sides, %d ms one way per WAN "
                        + "link, RTT between the LANs %.1f ms (median of 10 UDP echoes), STUN, rtcp-mux off, no pool, "
                        + "%d calls per mode after one not counted%n", ONE_WAY_DELAY_MS, rtt, CALLS);
                List<String> rows = new ArrayList<>();
                for (String mode : List.of("REGULAR", "AGGRESSIVE")) {
                    List<Timeline> calls = new ArrayList<>();
                    for (int i = 0; i <= CALLS; i++) {
                        Timeline t = call(lab, callee, mode, common);
                        if (i > 0 && t != null) {
                            calls.add(t);
                        }
                    }
                    rows.add(row(mode, calls, rtt));
                }
                out.println("(caller's ladder, ms after its INVITE left, medians; callee's: gathering time and its "
                        + "ringing gate opening after the INVITE arrived)");
                out.printf(Locale.ROOT, "| nomination | calls | INVITE -> 180 median | p90 | in RTT | early answer "
                        + "| checks started | ICE completed | 180 | callee gathering | callee gate |%n");
                rows.forEach(out::println);
                assertFalse(rows.isEmpty());
            }
        }
    }

    /** One call from LAN a; null when the caller saw no 180. */
    private static Timeline call(NatLab lab, SipiceProcess callee, String mode, List<String> common)
            throws IOException, InterruptedException {
        int calleeFrom = callee.process().lines().size();
        int calleeResults = (int) callee.process().lines().stream().filter(l -> l.startsWith("RESULT ")).count();
        List<String> args = new ArrayList<>(List.of("call", CALLEE, "--listen", NatLab.A_ADDRESS + ":5064", "--user",
                "alice", "--hold", "0.5", "--ring-timeout", "30", "--nomination", mode));
        args.addAll(common);
        try (SipiceProcess caller = SipiceProcess.startIn(lab.namespace("a"), args.toArray(String[]::new))) {
            Map<String, String> result = caller.awaitResult(Duration.ofSeconds(90));
            caller.awaitExit(Duration.ofSeconds(30));
            Timeline t = timeline(caller.process().lines());
            if (t == null) {
                System.out.println("call without a 180 (" + mode + "): " + result);
                return null;
            }
            callee.awaitResult(calleeResults, Duration.ofSeconds(30));
            List<String> calleeLines = callee.process().lines();
            String calleeLadder = String.join("\n", calleeLines.subList(calleeFrom, calleeLines.size()));
            return t.withCallee(firstNumber(GATHERED, calleeLadder), firstNumber(GATE, calleeLadder));
        }
    }

    /** Reads the caller's ladder: times relative to the INVITE it sent. */
    static Timeline timeline(List<String> lines) {
        double invite = -1;
        double answer = -1;
        double checks = -1;
        double completed = -1;
        double ringing = -1;
        for (String line : lines) {
            Matcher m = LADDER.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double at = Double.parseDouble(m.group(1));
            String what = m.group(2);
            if (invite < 0 && what.contains("-> peer") && what.contains("INVITE")) {
                invite = at;
            } else if (answer < 0 && what.startsWith("<") && what.contains("[SDP]")) {
                answer = at;
            } else if (checks < 0 && what.contains("ICE  checks started")) {
                checks = at;
            } else if (completed < 0 && what.contains("ICE  completed")) {
                completed = at;
            } else if (ringing < 0 && what.startsWith("<") && what.contains("180 Ringing")) {
                ringing = at;
            }
        }
        if (invite < 0 || ringing < 0) {
            return null;
        }
        double i = invite;
        return new Timeline(answer < 0 ? -1 : answer - i, checks < 0 ? -1 : checks - i,
                completed < 0 ? -1 : completed - i, ringing - i, -1, -1);
    }

    private static double firstNumber(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String row(String mode, List<Timeline> calls, double rtt) {
        Percentiles ringing = Percentiles.of(calls.stream().map(Timeline::ringing).toList());
        return String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.2f RTT | %.0f | %.0f | %.0f | %.0f "
                + "| %.0f | %.0f |",
                mode.toLowerCase(Locale.ROOT), calls.size(), ringing.median(), ringing.at(90), ringing.median() / rtt,
                Percentiles.of(calls.stream().map(Timeline::firstAnswer).toList()).median(),
                Percentiles.of(calls.stream().map(Timeline::checksStarted).toList()).median(),
                Percentiles.of(calls.stream().map(Timeline::iceCompleted).toList()).median(), ringing.median(),
                Percentiles.of(calls.stream().map(Timeline::calleeGathering).toList()).median(),
                Percentiles.of(calls.stream().map(Timeline::calleeGate).toList()).median());
    }

    /**
     * Median of 10 UDP round trips from LAN a to LAN b on the ports the routers pass untranslated
     * (5060-5069, the path SIP takes; docs/natlab.md): a Python echo in b, a Python client in a.
     */
    private static double roundTrip(NatLab lab) throws IOException, InterruptedException {
        String echo = "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('"
                + NatLab.B_ADDRESS + "',5069))\nprint('ready',flush=True)\nfor _ in range(12):\n"
                + "    d,a=s.recvfrom(2048); s.sendto(d,a)\n";
        String client = "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.settimeout(2)\n"
                + "s.bind(('" + NatLab.A_ADDRESS + "',5068))\nfor i in range(11):\n    t=time.monotonic()\n"
                + "    s.sendto(b'x',('" + NatLab.B_ADDRESS + "',5069)); s.recvfrom(2048)\n"
                + "    print('time=%.3f ms' % ((time.monotonic()-t)*1000), flush=True)\n    time.sleep(0.1)\n";
        Process server = new ProcessBuilder(lab.command("b", List.of("python3", "-c", echo)))
                .redirectErrorStream(true).start();
        try {
            new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream())).readLine(); // "ready"
            Process ping = new ProcessBuilder(lab.command("a", List.of("python3", "-c", client)))
                    .redirectErrorStream(true).start();
            String out = new String(ping.getInputStream().readAllBytes());
            ping.waitFor(30, TimeUnit.SECONDS);
            List<Double> times = new ArrayList<>();
            Matcher m = RTT.matcher(out);
            while (m.find()) {
                times.add(Double.parseDouble(m.group(1)));
            }
            if (times.size() < 2) {
                throw new IllegalStateException("no UDP round trips between the LANs:\n" + out);
            }
            return Percentiles.of(times.subList(1, times.size())).median(); // the first one sets up conntrack
        } finally {
            server.destroy();
        }
    }
}

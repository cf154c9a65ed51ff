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
    private static final boolean PRINT_LADDERS = Boolean.getBoolean("pdd.ladders");

    /**
     * One call as the caller's ladder tells it, in ms after its INVITE left (-1: not seen):
     * the early answer, checks started, first pair validated, first pair nominated (regular: the
     * nomination check answered), ICE completed, the 180; and from the callee's, in ms after the
     * INVITE arrived: how long it gathered, its checks started, its first pair validated, its
     * first nominated pair, its ringing gate.
     */
    record Timeline(double firstAnswer, double checksStarted, double firstValid, double nominated,
            double iceCompleted, double ringing, Callee callee) {
        Timeline withCallee(Callee c) {
            return new Timeline(firstAnswer, checksStarted, firstValid, nominated, iceCompleted, ringing, c);
        }
    }

    /** The callee's ladder, in ms after the INVITE arrived (-1: not seen). */
    record Callee(double gathering, double checksStarted, double firstValid, double nominated, double gate) {
        static final Callee NONE = new Callee(-1, -1, -1, -1, -1);
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
                out.println("(medians; answer -> 180: per call, from the early answer's arrival to the 180's, what the "
                        + "checks and nomination add; caller's ladder in ms after its INVITE left: early answer, checks "
                        + "started, first pair validated, first pair nominated (regular: its nomination check answered), ICE "
                        + "completed, 180; callee's in ms after the INVITE arrived: gathering time, checks started, "
                        + "first pair validated, first pair nominated, ringing gate open)");
                out.printf(Locale.ROOT, "| nomination | calls | INVITE -> 180 median | p90 | in RTT "
                        + "| answer -> 180 (ICE's part) | early answer "
                        + "| checks started | first valid | nominated | ICE completed | 180 | callee gathering "
                        + "| callee checks | callee first valid | callee nominated | callee gate |%n");
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
            List<String> calleeCall = calleeLines.subList(calleeFrom, calleeLines.size());
            if (PRINT_LADDERS) {
                System.out.println("---- caller (" + mode + ")");
                caller.process().lines().forEach(System.out::println);
                System.out.println("---- callee");
                calleeCall.forEach(System.out::println);
            }
            return t.withCallee(callee(calleeCall));
        }
    }

    /** Reads the caller's ladder: times relative to the INVITE it sent. */
    static Timeline timeline(List<String> lines) {
        Map<String, Double> at = events(lines);
        Double invite = at.get("invite");
        if (invite == null || !at.containsKey("ringing")) {
            return null;
        }
        return new Timeline(since(at, "answer", invite), since(at, "checks", invite), since(at, "valid", invite),
                since(at, "nominated", invite), since(at, "completed", invite), since(at, "ringing", invite),
                Callee.NONE);
    }

    /** Reads the callee's ladder of one call: times relative to the INVITE it received. */
    static Callee callee(List<String> lines) {
        Map<String, Double> at = events(lines);
        Double invite = at.get("invite received");
        String ladder = String.join("\n", lines);
        if (invite == null) {
            return new Callee(firstNumber(GATHERED, ladder), -1, -1, -1, firstNumber(GATE, ladder));
        }
        return new Callee(firstNumber(GATHERED, ladder), since(at, "checks", invite), since(at, "valid", invite),
                since(at, "nominated", invite), firstNumber(GATE, ladder));
    }

    /** The first time each step of a ladder was printed. */
    private static Map<String, Double> events(List<String> lines) {
        Map<String, Double> at = new java.util.HashMap<>();
        for (String line : lines) {
            Matcher m = LADDER.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double t = Double.parseDouble(m.group(1));
            String what = m.group(2);
            String step = null;
            if (what.contains("-> peer") && what.contains("INVITE") && !what.contains("(INVITE)")) {
                step = "invite";
            } else if (what.startsWith("<") && what.contains("INVITE") && !what.contains("(INVITE)")) {
                step = "invite received";
            } else if (what.startsWith("<") && what.contains("[SDP]")) {
                step = "answer";
            } else if (what.contains("ICE  checks started")) {
                step = "checks";
            } else if (what.contains("ICE  pair validated")) {
                step = "valid";
            } else if (what.contains("ICE  pair nominated")) {
                step = "nominated";
            } else if (what.contains("ICE  completed")) {
                step = "completed";
            } else if (what.startsWith("<") && what.contains("180 Ringing")) {
                step = "ringing";
            }
            if (step != null) {
                at.putIfAbsent(step, t);
            }
        }
        return at;
    }

    private static double since(Map<String, Double> at, String step, double origin) {
        Double t = at.get(step);
        return t == null ? -1 : t - origin;
    }

    private static double firstNumber(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String row(String mode, List<Timeline> calls, double rtt) {
        Percentiles ringing = Percentiles.of(calls.stream().map(Timeline::ringing).toList());
        Percentiles afterAnswer = Percentiles.of(calls.stream().map(t -> t.ringing() - t.firstAnswer()).toList());
        return String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.2f RTT | %.0f ms = %.2f RTT | %.0f | %.0f "
                + "| %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |",
                mode.toLowerCase(Locale.ROOT), calls.size(), ringing.median(), ringing.at(90), ringing.median() / rtt,
                afterAnswer.median(), afterAnswer.median() / rtt,
                median(calls, Timeline::firstAnswer), median(calls, Timeline::checksStarted),
                median(calls, Timeline::firstValid), median(calls, Timeline::nominated),
                median(calls, Timeline::iceCompleted), ringing.median(),
                median(calls, t -> t.callee().gathering()), median(calls, t -> t.callee().checksStarted()),
                median(calls, t -> t.callee().firstValid()), median(calls, t -> t.callee().nominated()),
                median(calls, t -> t.callee().gate()));
    }

    private static double median(List<Timeline> calls, java.util.function.ToDoubleFunction<Timeline> step) {
        return Percentiles.of(calls.stream().map(t -> step.applyAsDouble(t)).toList()).median();
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

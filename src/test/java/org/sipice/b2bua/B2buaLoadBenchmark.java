package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.testing.SelfVitals;

/**
 * Bridged calls per second and concurrent bridged calls through a {@link B2bua} (issue 12,
 * "Figures it must reach"). Alice, the B2BUA and Bob run in one JVM on 127.0.0.1, each on its own
 * JAIN-SIP stack (the {@code b2bua} sip-profile's stack settings, {@link #SIP_THREADS} UDP
 * workers each), ICE host candidates on 127.0.0.1 only, no STUN, rtcp-mux on every leg unless
 * {@code -Db2bua.rtcp-mux=false} ({@link #RTCP_MUX}), regular nomination; the B2BUA's legs on one
 * udp-mux port with {@code -Db2bua.udp-mux=true}.
 * <ul>
 *   <li>Rate steps: calls placed at R per second for {@link #STEP_SECONDS}, each held
 *       {@link #HOLD_MS} then hung up by Alice: setups per second achieved, failed calls by
 *       status, setup time (INVITE to established) median and p95, CPU, threads, fds, heap.</li>
 *   <li>Concurrency steps: K calls placed at {@link #RAMP_RATE} per second and held with consent
 *       running on every leg for {@link #CONCURRENT_HOLD_S}; RTP both ways on a sample of 100
 *       of them for the last {@link #MEDIA_SECONDS} (sent vs received), and the packets per
 *       second relayed per core of CPU the media added.</li>
 * </ul>
 * A step stops early, and says why, when more than 20% of its calls fail or the process nears
 * its thread or fd limits; later steps of the same kind are then skipped. Asserts no timing.
 *
 * <p>Not in the default suite (surefire runs {@code *Test} classes only). In a JVM of its own
 * with 2 GB of heap:
 * <pre>
 * mvn -B -o -q test -Dtest=B2buaLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsurefire.rerunFailingTestsCount=0 -DargLine=-Xmx2g \
 *     -Db2bua.rates=20,50,100 -Db2bua.step-s=60 -Db2bua.concurrent=250,1000,2500
 * </pre>
 * Other knobs: {@code -Db2bua.hold-ms=5000}, {@code -Db2bua.ramp-rate=20},
 * {@code -Db2bua.concurrent-hold-s=30}, {@code -Db2bua.sip-threads=8}, {@code -Db2bua.rtcp-mux=true}, {@code -Db2bua.udp-mux=false}, {@code -Db2bua.log-level=WARN},
 * {@code -Db2bua.max-threads=8000}.
 */
@Tag("benchmark")
class B2buaLoadBenchmark {
    static final List<Integer> RATES = ints(System.getProperty("b2bua.rates", "20,50,100"));
    static final int STEP_SECONDS = Integer.getInteger("b2bua.step-s", 60);
    static final long HOLD_MS = Long.getLong("b2bua.hold-ms", 5000);
    static final List<Integer> CONCURRENT = ints(System.getProperty("b2bua.concurrent", "250,1000,2500"));
    static final int RAMP_RATE = Integer.getInteger("b2bua.ramp-rate", 20);
    static final int CONCURRENT_HOLD_S = Integer.getInteger("b2bua.concurrent-hold-s", 30);
    static final int MEDIA_SECONDS = 10;
    static final int MEDIA_CALLS = 100;
    /** JAIN-SIP UDP workers per stack ({@code gov.nist.javax.sip.THREAD_POOL_SIZE}). */
    static final int SIP_THREADS = Integer.getInteger("b2bua.sip-threads", 8);
    /**
     * RTP and RTCP on one component (RFC 5761) on every leg: a bridged call then holds 4 sockets
     * (Alice's, the B2BUA's two legs', Bob's) instead of 8, and 2,500 calls fit under this
     * machine's hard limit of 20,000 fds (the soft limit is already there). The b2bua profile
     * leaves it off ({@code sipice.rtcp-mux=false}) for peers without rtcp-mux; a B2BUA whose
     * peers all have it (WebRTC requires it, RFC 8834 §4.5) sets it.
     */
    static final boolean RTCP_MUX = Boolean.parseBoolean(System.getProperty("b2bua.rtcp-mux", "true"));
    /**
     * The B2BUA's legs in single-port mode ({@code sipice.udp-mux}, the server mode issue 12 asks
     * for): component 1 of every leg on one shared port (6 fds per bridged call without
     * rtcp-mux, 2 with it). Off by default, so that the figures compare with earlier runs.
     */
    static final boolean UDP_MUX = Boolean.parseBoolean(System.getProperty("b2bua.udp-mux", "false"));
    /** The udp-mux address of the B2BUA's legs: port 0, any free port, chosen once for the process. */
    static final InetSocketAddress MUX_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /**
     * Above this many threads a step stops: pid_max (32,768 here) counts the threads of every
     * process on the machine, which other builds share; the goal is far below it.
     */
    static final int MAX_THREADS = Integer.getInteger("b2bua.max-threads", 8_000);
    /**
     * sipice's and JAIN-SIP's log level while measuring: WARN, as shipped (src/main/resources/log4j2.xml),
     * not the test suite's DEBUG to target/test.log (a file write per line on the calls' threads).
     */
    static final String LOG_LEVEL = System.getProperty("b2bua.log-level", "WARN");

    @Test
    void printsTheFigures() throws Exception {
        List<String> rows = run(System.out);
        assertFalse(rows.isEmpty(), "at least one step was measured");
    }

    static List<String> run(PrintStream out) throws Exception {
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.sipice", org.apache.logging.log4j.Level.valueOf(
                LOG_LEVEL));
        org.apache.logging.log4j.core.config.Configurator.setLevel("gov.nist", org.apache.logging.log4j.Level.valueOf(
                LOG_LEVEL));
        SipProfile profile = SipProfile.load("b2bua");
        Properties stack = profile.stackProperties();
        stack.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(SIP_THREADS));
        CallConfig b2buaProfile = profile.callConfig();
        CallConfig legs = b2buaProfile.toBuilder().candidatePoolSize(0).ice(b2buaProfile.ice().toBuilder()
                .hostAddresses(List.of(InetAddress.getByName("127.0.0.1"))).stunServers(List.of()).rtcpMux(RTCP_MUX)
                .build()).build();
        CallConfig b2buaLegs = !UDP_MUX ? legs : legs.toBuilder().ice(legs.ice().toBuilder()
                .udpMux(MUX_ADDRESS).build()).build();
        out.printf(Locale.ROOT, "%nB2buaLoadBenchmark: rates %s/s for %d s (calls held %d ms), concurrent %s "
                + "(ramp %d/s, held %d s), rtcp-mux %s, B2BUA legs on one udp-mux port %s, log level %s, %d cores, max heap %d MB, fd limit %d, load average %.2f%n",
                RATES, STEP_SECONDS, HOLD_MS, CONCURRENT, RAMP_RATE, CONCURRENT_HOLD_S, RTCP_MUX, UDP_MUX, LOG_LEVEL,
                Runtime.getRuntime().availableProcessors(), SelfVitals.maxHeapBytes() >> 20, SelfVitals.maxFds(),
                SelfVitals.loadAverage());
        out.println("a step stops above " + MAX_THREADS + " threads, 90% of the fd limit, more than "
                + CallLoad.MAX_FAILED_SHARE * 100 + "% failed calls or " + CallLoad.MAX_BACKLOG_SECONDS
                + " s of calls waiting for their setup");
        out.println("JAIN-SIP per stack (3 stacks): THREAD_POOL_SIZE=" + SIP_THREADS + ", REENTRANT_LISTENER="
                + stack.getProperty("gov.nist.javax.sip.REENTRANT_LISTENER") + ", MAX_SERVER_TRANSACTIONS="
                + stack.getProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS") + "; sipice workers at most "
                + org.sipice.internal.concurrent.Executors.WORKER_THREADS + "; ICE of the B2BUA's legs: "
                + b2buaLegs.ice());
        List<String> rows = new ArrayList<>();
        try (B2buaLab lab = B2buaLab.start(stack, legs, b2buaLegs); CallLoad load = new CallLoad(lab)) {
            LoadSteps steps = new LoadSteps(lab, load, out);
            steps.warmUp();
            out.println("after the warm-up: " + steps.vitals());
            for (int rate : RATES) {
                String row = steps.rate(rate, STEP_SECONDS, HOLD_MS);
                rows.add(row);
                if (row.contains("stopped")) {
                    out.println("higher rates skipped: the step at " + rate + "/s stopped");
                    break;
                }
            }
            for (int k : CONCURRENT) {
                String row = steps.concurrent(k, RAMP_RATE, CONCURRENT_HOLD_S, MEDIA_SECONDS, MEDIA_CALLS);
                rows.add(row);
                if (row.contains("stopped")) {
                    out.println("larger steps skipped: the step at " + k + " concurrent calls stopped");
                    break;
                }
            }
            out.printf(Locale.ROOT, "%nB2buaLoadBenchmark summary (load average now %.2f)%n", SelfVitals.loadAverage());
            rows.forEach(out::println);
            out.println("(setup: Alice's call() to her call established, ms; CPU: process CPU time / wall time while "
                    + "calls were placed or held, % of one core; threads/fds: highest seen; heap: live after a full GC)");
        }
        return rows;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                .toList();
    }
}

package org.sipice.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceSessionPool;
import org.sipice.ice.StunServer;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.SipEndpoint;
import org.sipice.stun.EmbeddedStunServer;
import org.sipice.testing.TestUserAgent;

/**
 * What gathering the outgoing leg on the INVITE saves (RFC 8839 §7.5: start as soon as the new
 * destination is known). Alice calls Bob through the B2BUA, whose STUN server answers after
 * {@link #STUN_DELAY} like one across the Internet, so each of its legs takes about two STUN
 * round trips to gather (ice4j gathers component after component). Three ways:
 * <ul>
 *   <li>sequential: the outgoing leg starts after the incoming leg's early answer went out;</li>
 *   <li>parallel: the outgoing leg starts gathering on the INVITE (the default);</li>
 *   <li>parallel + pool: both legs take sessions gathered in advance.</li>
 * </ul>
 * Prints, per way, the time from the INVITE reaching the B2BUA to both legs being ICE-ready, and
 * from Alice's INVITE to her 180 Ringing. Asserts only that every call went through.
 *
 * <p>Not in the default suite: {@code mvn -q test -Dtest=B2buaGatheringBenchmark} (about 30 s).
 */
@Tag("benchmark")
class B2buaGatheringBenchmark {
    static final int RUNS = 8;
    static final Duration STUN_DELAY = Duration.ofMillis(150);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    record Result(String way, List<Double> bridgedMs, List<Double> ringingMs) {
        static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    @Test
    void everyCallGoesThroughInEachWay() throws Exception {
        List<Result> results = run(RUNS, System.out);
        for (Result r : results) {
            assertEquals(RUNS, r.bridgedMs().size(), r.way());
        }
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : RUNS, System.out);
        System.exit(0); // the JAIN-SIP RI leaves a non-daemon thread behind
    }

    static List<Result> run(int runs, PrintStream out) throws Exception {
        List<Result> results = new ArrayList<>();
        try (EmbeddedStunServer stun = EmbeddedStunServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")), STUN_DELAY)) {
            CallConfig base = SipProfile.load("loopback-demo").callConfig();
            IceConfig slowStun = base.ice().toBuilder().stunServers(List.of(new StunServer(stun.address())))
                    .gatheringTimeout(Duration.ofSeconds(2)).build();
            CallConfig b2buaConfig = base.toBuilder().ice(slowStun).build();
            results.add(measure("sequential (outgoing leg after the answer)", b2buaConfig,
                    B2buaConfig.OutgoingLegStart.AFTER_INCOMING_ANSWER, false, runs));
            results.add(measure("parallel (outgoing leg on the INVITE)", b2buaConfig,
                    B2buaConfig.OutgoingLegStart.ON_INVITE, false, runs));
            results.add(measure("parallel + pool of 2", b2buaConfig, B2buaConfig.OutgoingLegStart.ON_INVITE, true,
                    runs));
        }
        print(results, out);
        return results;
    }

    private static Result measure(String way, CallConfig b2buaCallConfig, B2buaConfig.OutgoingLegStart start,
            boolean pooled, int runs) throws Exception {
        List<Double> bridged = new ArrayList<>();
        List<Double> ringing = new ArrayList<>();
        CallerClock clock = new CallerClock();
        TestUserAgent alice = TestUserAgent.start("alice", clock);
        TestUserAgent bob = TestUserAgent.start("bob", new CallListener() {
            @Override
            public void readyToAlert(Call call) {
                call.answer();
            }
        });
        SipEndpoint sip = TestUserAgent.startEndpoint("b2bua");
        IceSessionPool pool = pooled ? IceSessionPool.create(b2buaCallConfig.ice(), 2) : null;
        B2buaRecorder events = new B2buaRecorder();
        String bobUri = bob.uri();
        B2bua b2bua = B2bua.builder(sip.provider(), invite -> Optional.of(bobUri)).callConfig(b2buaCallConfig)
                .config(B2buaConfig.builder().outgoingLegStart(start).build()).pool(pool).listener(events).start();
        try {
            for (int i = 0; i < runs + 1; i++) { // the first call warms up
                if (pool != null) {
                    assertTrue(pool.awaitReady(2, DEADLINE), "pool warm: " + pool.stats());
                }
                Call a = alice.ua().call(sip.uri("bob"));
                await(a.established());
                B2buaEvent.Bridged b = events.awaitNew(B2buaEvent.Bridged.class, DEADLINE);
                a.hangup();
                await(a.ended());
                events.awaitNew(B2buaEvent.TornDown.class, DEADLINE);
                if (i > 0) {
                    bridged.add(b.afterInvite().toNanos() / 1e6);
                    ringing.add(clock.inviteToRinging() / 1e6);
                }
            }
        } finally {
            b2bua.close();
            if (pool != null) {
                pool.close();
            }
            sip.close();
            alice.close();
            bob.close();
        }
        return new Result(way, bridged, ringing);
    }

    private static void print(List<Result> results, PrintStream out) {
        out.println();
        out.println("B2BUA call setup with a STUN server " + STUN_DELAY.toMillis() + " ms away (median of "
                + results.get(0).bridgedMs().size() + " calls, loopback)");
        out.printf(Locale.ROOT, "%-46s %22s %22s%n", "way", "INVITE -> both legs ICE", "caller INVITE -> 180");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-46s %19.0f ms %19.0f ms%n", r.way(), Result.median(r.bridgedMs()),
                    Result.median(r.ringingMs()));
        }
        double saved = Result.median(results.get(0).ringingMs()) - Result.median(results.get(1).ringingMs());
        double savedPool = Result.median(results.get(0).ringingMs()) - Result.median(results.get(2).ringingMs());
        out.printf(Locale.ROOT, "time saved before the caller hears ringing: %.0f ms in parallel, %.0f ms with the pool%n%n",
                saved, savedPool);
    }

    /** Alice's side: when her INVITE left and her 180 arrived, for the last call. */
    private static final class CallerClock implements CallListener {
        private long inviteAt;
        private long ringingAt;

        @Override
        public synchronized void onEvent(Call call, long atNanos, CallEvent event) {
            if (event instanceof CallEvent.SipMessage m) {
                if (m.direction() == CallEvent.Direction.SENT && m.label().equals("INVITE")) {
                    inviteAt = atNanos;
                } else if (m.direction() == CallEvent.Direction.RECEIVED && m.label().startsWith("180")) {
                    ringingAt = atNanos;
                }
            }
        }

        synchronized long inviteToRinging() {
            return ringingAt - inviteAt;
        }
    }
}

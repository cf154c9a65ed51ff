package org.sipice.longcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.sipice.testing.Coturn;
import org.sipice.testing.Eventually;
import org.sipice.testing.SipiceProcess;

/**
 * Calls that last: {@code sipice call} to {@code sipice answer}, real processes on 127.0.0.1,
 * held for {@link HeldCall#HOLD} (more than the 30 s consent timeout of RFC 7675 and than a TURN
 * allocation's lifetime), with rtcp-mux off and on, host to host and relay-only through coturn,
 * and through {@code sipice b2bua}. Each checks what a user relies on ({@link HeldCall#lasted}):
 * RESULT ok on both ends, RTP every 20 ms both ways with every packet arriving, consent kept on
 * every component.
 *
 * <p>The calls run side by side (this class only: {@code junit-platform.properties} enables
 * parallel execution with SAME_THREAD as the default), set up two at a time, so the class takes
 * about one call's time plus a few set-ups.
 */
@Execution(ExecutionMode.CONCURRENT)
@Timeout(240)
class LongCallTest {
    /** A dozen JVMs start at once on a loaded 2-core machine. */
    private static final Duration START = Duration.ofSeconds(90);
    /** The hold, plus setup and teardown under load. */
    private static final Duration END = HeldCall.HOLD.plusSeconds(60);
    /** coturn's allocation lifetime: the call outlives it, so it must be refreshed. */
    private static final int TURN_LIFETIME_S = 20;

    @Test
    void hostCallWithoutRtcpMuxKeepsMediaAndConsentOnBothComponents(@TempDir Path dir) throws Exception {
        HeldCall.End[] ends = hold(dir, List.of("--set", "sipice.rtcp-mux=false"));
        assertEquals("host/udp-host/udp", ends[0].result().get("pair"), ends[0].describe());
        assertEquals("host/udp-host/udp", ends[0].result().get("rtcp_pair"), ends[0].describe());
        HeldCall.lasted("host, rtcp-mux off", ends[0], ends[1], 2, 1);
    }

    @Test
    void hostCallWithRtcpMuxKeepsMediaAndConsent(@TempDir Path dir) throws Exception {
        HeldCall.End[] ends = hold(dir, List.of("--set", "sipice.rtcp-mux=true"));
        assertEquals("host/udp-host/udp", ends[0].result().get("pair"), ends[0].describe());
        assertTrue(ends[0].report().ice().selectedPair(2).isEmpty(), "rtcp-mux: one component");
        HeldCall.lasted("host, rtcp-mux on", ends[0], ends[1], 1, 1);
    }

    @Test
    void relayedCallWithoutRtcpMuxOutlivesTheAllocationLifetime(@TempDir Path dir) throws Exception {
        relayed(dir, false);
    }

    @Test
    void relayedCallWithRtcpMuxOutlivesTheAllocationLifetime(@TempDir Path dir) throws Exception {
        relayed(dir, true);
    }

    @Test
    void callThroughB2buaKeepsBothLegs(@TempDir Path dir) throws Exception {
        Path aliceDir = dir.resolve("alice");
        Path bobDir = dir.resolve("bob");
        HeldCall.End alice;
        HeldCall.End bob;
        Map<String, String> bridge;
        String b2buaOutput;
        try (SetUpSlot slot = SetUpSlot.take();
                SipiceProcess bobProcess = answer(bobDir, List.of());
                SipiceProcess b2bua = SipiceProcess.start(null, "b2bua", "--listen", "127.0.0.1:0", "--to",
                        bobProcess.awaitListening(START), "--wait", String.valueOf(END.toSeconds() + 60))) {
            String uri = b2bua.awaitListening(START);
            try (SipiceProcess aliceProcess = call(uri, aliceDir, List.of())) {
                aliceProcess.await("call established", START);
                slot.close();
                alice = HeldCall.End.of("alice", aliceProcess, END, aliceDir);
                bob = HeldCall.End.of("bob", bobProcess, END, bobDir);
                bridge = b2bua.awaitResult(END);
                b2buaOutput = b2bua.output();
            }
        }
        assertEquals("ok", bridge.get("status"), bridge + "\n" + b2buaOutput);
        HeldCall.lasted("through sipice b2bua", alice, bob, 2, 2);
    }

    private static void relayed(Path dir, boolean rtcpMux) throws Exception {
        try (Coturn coturn = Coturn.settings().maxAllocateLifetime(TURN_LIFETIME_S).start()) {
            // Profile keys, not --turn: the profile (relay-only included) is validated before
            // --turn applies, and relay-only without a TURN server is refused.
            List<String> relayOnly = List.of("--set", "sipice.rtcp-mux=" + rtcpMux,
                    "--set", "sipice.turn-servers=turn:" + coturn.address().getHostString() + ":"
                            + coturn.address().getPort(),
                    "--set", "sipice.turn-username=" + Coturn.USER, "--set", "sipice.turn-password=" + Coturn.PASSWORD,
                    "--set", "sipice.relay-only=true");
            HeldCall.End[] ends = hold(dir, relayOnly);
            assertEquals("relay/udp-relay/udp", ends[0].result().get("pair"), ends[0].describe());
            int components = rtcpMux ? 1 : 2;
            // Both ends allocate one relayed candidate per component; each lives the whole call.
            assertEquals(2 * components, coturn.createdAllocations(), ends[0].describe());
            // Each allocation was refreshed before its 20 s ran out (coturn 4.6 caps the lifetime
            // of an Allocate, not of a Refresh: one refresh is enough to carry it to the end).
            System.out.println("long call relayed: " + coturn.refreshes() + " refreshes of "
                    + coturn.createdAllocations() + " allocations");
            assertTrue(coturn.refreshes() >= coturn.createdAllocations(), coturn.refreshes() + " refreshes for "
                    + coturn.createdAllocations() + " allocations of " + TURN_LIFETIME_S + " s in a "
                    + HeldCall.HOLD.toSeconds() + " s call");
            HeldCall.lasted("relay-only, rtcp-mux " + (rtcpMux ? "on" : "off"), ends[0], ends[1], components,
                    1);
            for (HeldCall.End end : ends) { // relay-only: the report shows no host or srflx address of ours
                end.report().ice().localCandidates().forEach(c -> assertEquals("relay", c.candidateType(),
                        end.name() + "'s report lists " + c));
            }
            Eventually.atMost(coturn::liveAllocations, 0, Duration.ofSeconds(10), () -> "allocations left");
        }
    }

    /** Alice calls Bob, holds the call, hangs up; both ends' RESULT lines and reports. */
    private static HeldCall.End[] hold(Path dir, List<String> options) throws Exception {
        Path aliceDir = dir.resolve("alice");
        Path bobDir = dir.resolve("bob");
        try (SetUpSlot slot = SetUpSlot.take();
                SipiceProcess bob = answer(bobDir, options);
                SipiceProcess alice = call(bob.awaitListening(START), aliceDir, options)) {
            alice.await("call established", START);
            slot.close(); // the next call sets up while this one is held
            return new HeldCall.End[] {HeldCall.End.of("alice", alice, END, aliceDir),
                HeldCall.End.of("bob", bob, END, bobDir)};
        }
    }

    /**
     * Calls set up two at a time: a dozen JVMs starting together on a loaded 2-core machine ran
     * out the softphone's 10 s warm-up gathering. Each call holds a slot from its first process
     * until it is established; its 70 s hold then overlaps the others'.
     */
    private static final class SetUpSlot implements AutoCloseable {
        private static final Semaphore SLOTS = new Semaphore(2);
        private final AtomicBoolean held = new AtomicBoolean(true);

        static SetUpSlot take() throws InterruptedException {
            SLOTS.acquire();
            return new SetUpSlot();
        }

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                SLOTS.release();
            }
        }
    }

    private static SipiceProcess answer(Path reports, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--wait", String.valueOf(END.toSeconds() + 60), "--report", reports.toString()));
        args.addAll(options);
        return SipiceProcess.start(null, args.toArray(String[]::new));
    }

    private static SipiceProcess call(String uri, Path reports, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("call", uri, "--listen", "127.0.0.1",
                "--hold", String.valueOf(HeldCall.HOLD.toSeconds()), "--report", reports.toString()));
        args.addAll(options);
        return SipiceProcess.start(null, args.toArray(String[]::new));
    }
}

package org.sipice.natlab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sipice.natlab.NatPathModel.Outcome;
import org.sipice.testing.NatLab;
import org.sipice.testing.SipiceProcess;

/**
 * Two sipice softphones per lab, real processes inside the LANs: in LAN b, {@code sipice answer}
 * twice (STUN only on port 5060, STUN+TURN on 5062), each taking many calls; in LAN a, one
 * {@code sipice call} process per call from port 5064. SIP goes over the public network by
 * direct addressing: the routers forward UDP 5060-5069 without translating it (docs/natlab.md),
 * media and ICE go through the NATs.
 */
final class LabPhones implements AutoCloseable {
    private static final String STUN_ONLY_URI = "sip:bob@" + NatLab.B_ADDRESS + ":5060";
    private static final String TURN_URI = "sip:bob@" + NatLab.B_ADDRESS + ":5062";
    private static final Duration START = Duration.ofSeconds(60);

    /** One finished call, as both sides reported it. */
    record CallOutcome(Outcome outcome, String callerPair, String calleePair, long setupMs, String reason,
            Map<String, String> caller) {
        String pairs() {
            return outcome == Outcome.FAILED ? "-" : callerPair + " / " + calleePair;
        }
    }

    private final NatLab lab;
    private final String checksTimeoutMs;
    private final SipiceProcess stunOnly;
    private final SipiceProcess withTurn;

    private LabPhones(NatLab lab, String checksTimeoutMs, SipiceProcess stunOnly, SipiceProcess withTurn) {
        this.lab = lab;
        this.checksTimeoutMs = checksTimeoutMs;
        this.stunOnly = stunOnly;
        this.withTurn = withTurn;
    }

    /**
     * Starts the two callees in LAN b.
     *
     * @param checksTimeout ICE gives up after this long without a selected pair (both sides)
     */
    static LabPhones start(NatLab lab, Duration checksTimeout) throws IOException, InterruptedException {
        String timeout = Long.toString(checksTimeout.toMillis());
        SipiceProcess stun = SipiceProcess.startIn(lab.namespace("b"), "answer", "--listen",
                NatLab.B_ADDRESS + ":5060", "--user", "bob", "--calls", "1000", "--hold", "0", "--stun", NatLab.STUN,
                "--set", "sipice.checks-timeout-ms=" + timeout);
        SipiceProcess turn = SipiceProcess.startIn(lab.namespace("b"), "answer", "--listen",
                NatLab.B_ADDRESS + ":5062", "--user", "bob", "--calls", "1000", "--hold", "0", "--stun", NatLab.STUN,
                "--turn", NatLab.STUN, "--turn-user", NatLab.TURN_USER_B, "--turn-pass", NatLab.TURN_PASS_B,
                "--set", "sipice.checks-timeout-ms=" + timeout);
        LabPhones phones = new LabPhones(lab, timeout, stun, turn);
        try {
            stun.awaitListening(START);
            turn.awaitListening(START);
        } catch (AssertionError | InterruptedException e) {
            phones.close();
            throw e;
        }
        return phones;
    }

    /** One call from LAN a to LAN b, with or without TURN on both sides; waits for both RESULT lines. */
    CallOutcome call(boolean turn) throws IOException, InterruptedException {
        return call(turn, List.of()).outcome();
    }

    /** A call with extra caller options; also returns the caller's output lines. */
    record CallRun(CallOutcome outcome, List<String> callerOutput) {
    }

    CallRun call(boolean turn, List<String> extraCallerArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("call", turn ? TURN_URI : STUN_ONLY_URI, "--listen",
                NatLab.A_ADDRESS + ":5064", "--user", "alice", "--hold", "0.5", "--ring-timeout", "30", "--stun",
                NatLab.STUN, "--set", "sipice.checks-timeout-ms=" + checksTimeoutMs));
        if (turn) {
            args.addAll(List.of("--turn", NatLab.STUN, "--turn-user", NatLab.TURN_USER_A, "--turn-pass",
                    NatLab.TURN_PASS_A));
        }
        args.addAll(extraCallerArgs);
        SipiceProcess callee = turn ? withTurn : stunOnly;
        // The callee's RESULT lines so far: its next one is this call's (a call that never
        // reached it must not shift the count for the next cells).
        int before = (int) callee.process().lines().stream().filter(l -> l.startsWith("RESULT ")).count();
        try (SipiceProcess caller = SipiceProcess.startIn(lab.namespace("a"), args.toArray(String[]::new))) {
            Map<String, String> c = caller.awaitResult(Duration.ofSeconds(90));
            Map<String, String> b;
            try {
                b = callee.awaitResult(before, Duration.ofSeconds(20));
            } catch (AssertionError e) {
                return new CallRun(new CallOutcome(null, c.get("pair"), "-", -1, "the callee saw no call; caller: "
                        + String.join(" | ", caller.process().lines()), c), caller.process().lines());
            }
            caller.awaitExit(Duration.ofSeconds(30));
            return new CallRun(new CallOutcome(classify(c, b), c.get("pair"), b.get("pair"), endMillis(c, caller),
                    c.getOrDefault("reason", "-"), c), caller.process().lines());
        }
    }

    /**
     * DIRECT or RELAY for a call that worked both ways, FAILED for a clean ICE failure (both
     * sides), else null (a broken call: the cell fails).
     */
    static Outcome classify(Map<String, String> caller, Map<String, String> callee) {
        boolean ok = "ok".equals(caller.get("status")) && "ok".equals(callee.get("status"));
        if (ok) {
            // Relayed if any selected pair of either side (RTP or RTCP) has a relayed candidate:
            // the two sides may select different pairs, and media then takes the relay one way.
            boolean relayed = java.util.stream.Stream.of(caller, callee)
                    .flatMap(r -> java.util.stream.Stream.of(r.get("pair"), r.get("rtcp_pair")))
                    .anyMatch(p -> p != null && p.contains("relay"));
            return relayed ? Outcome.RELAY : Outcome.DIRECT;
        }
        boolean iceFailed = "failed".equals(caller.get("ice")) && "failed".equals(callee.get("ice"))
                && caller.getOrDefault("reason", "").contains("ICE_failed");
        return iceFailed ? Outcome.FAILED : null;
    }

    /** setup_ms for an established call; for a failed one, when the caller saw the call end. */
    private static long endMillis(Map<String, String> caller, SipiceProcess process) throws InterruptedException {
        if (caller.containsKey("setup_ms")) {
            return Long.parseLong(caller.get("setup_ms"));
        }
        String ended = process.await("call ended", Duration.ofSeconds(1));
        return Math.round(Double.parseDouble(ended.trim().split("\\s+")[0]));
    }

    @Override
    public void close() {
        stunOnly.close();
        withTurn.close();
    }
}

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
 * The softphones of one {@link EgressRow}, real processes inside the LANs: {@code sipice answer}
 * in LAN b (or on the public network, {@link EgressRow#publicCallee()}) taking every call, one
 * {@code sipice call} process per call in LAN a, each with STUN and the TURN server its row gives
 * it. STUN stays configured on a closed side, as a softphone that does not know its network
 * blocks UDP has it: its Binding requests go unanswered and cost the gathering deadline. SIP is
 * routed on its own ports in every egress mode (docs/natlab.md, "Restricted egress").
 */
final class EgressPhones implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);

    /**
     * One finished call as both sides reported it.
     *
     * @param outcome RELAY or DIRECT when the call worked with media both ways, FAILED for a clean ICE
     *     failure, null for a broken call
     * @param relayA how the caller's selected RTP pair reaches its TURN server ({@link SelectedRelay})
     */
    record Call(Outcome outcome, Map<String, String> caller, Map<String, String> callee, List<String> callerLines,
            List<String> calleeLines, String relayA, String relayB) {

        long setupMs() {
            return Long.parseLong(caller.getOrDefault("setup_ms", "-1"));
        }

        /** Side {@code a} or {@code b}'s RESULT fields. */
        Map<String, String> of(String side) {
            return side.equals("a") ? caller : callee;
        }

        /** Whether side {@code a} or {@code b} printed its TURN allocation on {@code turn} (an EgressRow server). */
        boolean allocatedOn(String side, String turn) {
            return (side.equals("a") ? callerLines : calleeLines).stream()
                    .anyMatch(l -> l.contains("TURN allocation on " + EgressRow.uri(turn) + " "));
        }

        /** Both RESULT lines and both ladders, for a failure's message. */
        String ladders() {
            return "caller " + caller + "\ncallee " + callee + "\ncaller's ladder:\n" + String.join("\n", callerLines)
                    + "\ncallee's ladder:\n" + String.join("\n", calleeLines);
        }

        /** Side {@code a} or {@code b}'s selected relay protocol: {@code udp}, {@code tcp}, {@code tls}, {@code -}. */
        String relayProtocol(String side) {
            return side.equals("a") ? relayA : relayB;
        }
    }

    private final NatLab lab;
    private final EgressRow row;
    private final List<String> extraArgs;
    private final SipiceProcess callee;
    private int calls;

    private EgressPhones(NatLab lab, EgressRow row, List<String> extraArgs, SipiceProcess callee) {
        this.lab = lab;
        this.row = row;
        this.extraArgs = extraArgs;
        this.callee = callee;
    }

    /** Starts the callee in LAN b, with the TURN server of {@code row}. */
    static EgressPhones start(NatLab lab, EgressRow row) throws IOException, InterruptedException {
        return start(lab, row, List.of());
    }

    /** As {@link #start(NatLab, EgressRow)}, with {@code extraArgs} for both sides (e.g. {@code --relay-only}). */
    static EgressPhones start(NatLab lab, EgressRow row, List<String> extraArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("answer", "--listen", calleeAddress(row) + ":5060", "--user", "bob",
                "--calls", "1000", "--hold", "0", "--stun", NatLab.STUN, "--turn", row.turnB(), "--turn-user",
                NatLab.TURN_USER_B, "--turn-pass", NatLab.TURN_PASS_B));
        args.addAll(sideArgs(lab, row, "b", "answer"));
        args.addAll(extraArgs);
        if (row.publicCallee()) {
            // Its one host address, where SIP listens: the pub namespace also holds coturn's.
            args.addAll(List.of("--set", "sipice.host-addresses=" + EgressRow.PUBLIC_CALLEE));
        }
        SipiceProcess answer = SipiceProcess.startIn(lab.namespace(row.publicCallee() ? "pub" : "b"),
                args.toArray(String[]::new));
        EgressPhones phones = new EgressPhones(lab, row, List.copyOf(extraArgs), answer);
        try {
            answer.awaitListening(START);
        } catch (AssertionError | InterruptedException e) {
            phones.close();
            throw e;
        }
        return phones;
    }

    /** One call from LAN a to the callee (LAN b or public) held {@code hold}; waits for both RESULT lines. */
    Call call(Duration hold) throws IOException, InterruptedException {
        String to = "sip:bob@" + calleeAddress(row) + ":5060";
        List<String> args = new ArrayList<>(List.of("call", to, "--listen", NatLab.A_ADDRESS + ":5064",
                "--user", "alice", "--hold", Double.toString(hold.toMillis() / 1000.0), "--ring-timeout", "30",
                "--stun", NatLab.STUN, "--turn", row.turnA(), "--turn-user", NatLab.TURN_USER_A, "--turn-pass",
                NatLab.TURN_PASS_A));
        args.addAll(sideArgs(lab, row, "a", "call-" + (++calls)));
        args.addAll(extraArgs);
        int results = (int) callee.process().lines().stream().filter(l -> l.startsWith("RESULT ")).count();
        int calleeFrom = callee.process().lines().size();
        try (SipiceProcess caller = SipiceProcess.startIn(lab.namespace("a"), args.toArray(String[]::new))) {
            Map<String, String> a = caller.awaitResult(hold.plusSeconds(90));
            Map<String, String> b = callee.awaitResult(results, Duration.ofSeconds(20));
            caller.awaitExit(Duration.ofSeconds(30));
            List<String> calleeLines = callee.process().lines();
            return new Call(LabPhones.classify(a, b), a, b, caller.process().lines(),
                    calleeLines.subList(calleeFrom, calleeLines.size()), SelectedRelay.protocol(caller, a),
                    SelectedRelay.protocol(callee, b));
        }
    }

    /**
     * The call reports ({@link SelectedRelay}) go to the lab's state dir, under {@code reports};
     * a side with a {@code turns:} server trusts the lab's CA (RFC 8656 §3.1).
     */
    private static List<String> sideArgs(NatLab lab, EgressRow row, String side, String reports) {
        List<String> args = new ArrayList<>(List.of("--report", lab.stateDir().resolve("reports").resolve(reports)
                .toString()));
        if (row.publicCallee()) {
            args.addAll(List.of("--set", "sipice.ice-tcp=true")); // RFC 6544 candidates signalled
        }
        if (EgressRow.tls(row.turn(side))) {
            args.addAll(List.of("--turn-ca-file", lab.turnCaFile().toString()));
        }
        return args;
    }

    private static String calleeAddress(EgressRow row) {
        return row.publicCallee() ? EgressRow.PUBLIC_CALLEE : NatLab.B_ADDRESS;
    }

    @Override
    public void close() {
        callee.close();
    }
}

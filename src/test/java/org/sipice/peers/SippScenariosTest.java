package org.sipice.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.sip.Call;
import org.sipice.sip.CallEvent;
import org.sipice.sip.RingingGatePolicy;
import org.sipice.testing.Await;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.Sipp;
import org.sipice.testing.TestUserAgent;

/**
 * sipice's signalling against SIPp, scenario files from {@code examples/sipp/}, on 127.0.0.1.
 * SIPp does no ICE, so these tests check the order of messages, not media: the answer in
 * 100 Trying and in a reliable 183, the PRACK before 180, and that the caller starts its checks
 * on whichever response brings the answer first.
 */
@Timeout(120)
class SippScenariosTest {
    private static final Path SCENARIOS = Path.of("examples", "sipp");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @BeforeAll
    static void warmUp() throws Exception {
        // ice4j's first agent loads ~0.5 s of classes: longer than SIPp's 500 ms INVITE
        // retransmission timer, which would put a second INVITE into the ladder.
        try (IceSession s = IceSession.create(IceConfig.builder().build(), IceRole.CONTROLLING, null)) {
            Await.await(s.gather(), Duration.ofSeconds(10));
        }
    }

    @Test
    void sippCallsSipice_theAnswerComesIn100AndInAReliable183_andRingingWaitsForThePrack() throws Exception {
        // SIPp cannot answer checks: the gate opens on its timeout and rings anyway.
        CallRecorder bob = new CallRecorder(true);
        try (TestUserAgent ua = TestUserAgent.start("bob", bob, c -> c.toBuilder()
                        .ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).ringingGateTimeout(Duration.ofMillis(800))
                        .build());
                Sipp sipp = Sipp.start(SCENARIOS.resolve("uac-calls-sipice.xml"), "127.0.0.1:" + ua.sip().port(),
                        "bob")) {
            assertEquals(0, sipp.awaitExit(DEADLINE), sipp.diagnostics());

            assertEquals(List.of(
                    "-> INVITE +SDP",
                    "<- 100 Trying (INVITE) +SDP",
                    "<- 183 Session Progress (INVITE) [100rel] +SDP",
                    "-> PRACK",
                    "<- 200 OK (PRACK)",
                    "<- 180 Ringing (INVITE)",
                    "<- 200 OK (INVITE) +SDP",
                    "-> ACK",
                    "-> BYE",
                    "<- 200 OK (BYE)"), sipp.ladder());
            // RFC 3261 §13.2.1, RFC 3262 §5: every copy of the answer is the same SDP.
            List<String> answers = sipp.messages().stream().filter(m -> m.startsWith("RECEIVED\nSIP/2.0 "))
                    .map(Sipp::body).filter(b -> !b.isEmpty()).distinct().collect(Collectors.toList());
            assertEquals(1, answers.size(), "100, 183 and 200 carry one answer: " + answers);
            assertTrue(answers.get(0).contains("a=ice-ufrag:") && answers.get(0).contains("a=candidate:"));
            bob.await(e -> e instanceof CallEvent.Ended, DEADLINE, "end of the call");
            CallEvent.RingingGateOpened gate = (CallEvent.RingingGateOpened) bob.await(
                    e -> e instanceof CallEvent.RingingGateOpened, DEADLINE, "gate");
            assertTrue(!gate.iceReady(), "no ICE with SIPp: the gate opened on its timeout");
        }
    }

    static Stream<Arguments> sippAnswers() {
        return Stream.of(
                Arguments.of("uas-answers-sipice.xml", List.of(
                        "<- INVITE +SDP",
                        "-> 100 Trying (INVITE)",
                        "-> 183 Session Progress (INVITE) [100rel] +SDP",
                        "<- PRACK",
                        "-> 200 OK (PRACK)",
                        "-> 180 Ringing (INVITE)",
                        "-> 200 OK (INVITE) +SDP",
                        "<- ACK",
                        "<- BYE",
                        "-> 200 OK (BYE)"), "183 Session Progress (INVITE) [100rel] +SDP"),
                Arguments.of("uas-answers-sipice-183.xml", List.of(
                        "<- INVITE +SDP",
                        "-> 100 Trying (INVITE)",
                        "-> 183 Session Progress (INVITE) +SDP",
                        "-> 180 Ringing (INVITE)",
                        "-> 200 OK (INVITE) +SDP",
                        "<- ACK",
                        "<- BYE",
                        "-> 200 OK (BYE)"), "183 Session Progress (INVITE) +SDP"),
                Arguments.of("uas-answers-sipice-200.xml", List.of(
                        "<- INVITE +SDP",
                        "-> 100 Trying (INVITE)",
                        "-> 180 Ringing (INVITE)",
                        "-> 200 OK (INVITE) +SDP",
                        "<- ACK",
                        "<- BYE",
                        "-> 200 OK (BYE)"), "200 OK (INVITE) +SDP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sippAnswers")
    void sipiceCallsSipp_checksStartOnTheFirstAnswer(String scenario, List<String> sippLadder, String firstAnswer)
            throws Exception {
        CallRecorder alice = new CallRecorder(false);
        try (Sipp sipp = Sipp.start(SCENARIOS.resolve(scenario), null, null);
                TestUserAgent ua = TestUserAgent.start("alice", alice)) {
            Call call = ua.ua().call(sipp.uri("sipp"));
            await(call.established());
            call.hangup();
            await(call.ended());

            assertEquals(0, sipp.awaitExit(DEADLINE), sipp.diagnostics());
            assertEquals(sippLadder, sipp.ladder());
            // sipice's own ladder is SIPp's seen from the other end.
            assertEquals(sippLadder.stream().map(SippScenariosTest::mirrored).collect(Collectors.toList()),
                    alice.ladder());
            int answer = alice.indexOf(e -> e instanceof CallEvent.SipMessage
                    && ((CallEvent.SipMessage) e).direction() == CallEvent.Direction.RECEIVED
                    && ((CallEvent.SipMessage) e).describe().equals(firstAnswer));
            int checks = alice.indexOf(e -> e instanceof CallEvent.Ice
                    && ((CallEvent.Ice) e).event() instanceof IceEvent.ChecksStarted);
            int ok = alice.indexOf(e -> e instanceof CallEvent.SipMessage
                    && ((CallEvent.SipMessage) e).describe().equals("200 OK (INVITE) +SDP"));
            assertTrue(answer >= 0 && checks > answer, "checks start on the first answer (" + firstAnswer + "): "
                    + alice.events());
            if (!firstAnswer.startsWith("200")) {
                assertTrue(checks < ok, "the checks ran before the 200 arrived: " + alice.events());
            }
        }
    }

    private static String mirrored(String line) {
        return (line.startsWith("-> ") ? "<- " : "-> ") + line.substring(3);
    }
}

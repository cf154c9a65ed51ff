package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.SipiceProcess;
import org.sipice.testing.TestUserAgent;

/**
 * The first call a freshly started {@code sipice answer} takes: the caller sees exactly one
 * 100 Trying, and it is sipice's, as the profile's early-answer mode (AUTO) says. JAIN-SIP sends
 * a bodyless 100 of its own 200 ms after the INVITE's transaction exists unless a response went
 * out before (RFC 3261 §17.2.1); a late first answer (cold JVM, slow gathering) used to lose that
 * race, and the caller then got two 100s and took ours, carrying the answer, for a retransmission.
 *
 * <pre>
 *   Alice (this JVM)                 sipice answer (new process, first call)
 *     INVITE (offer, 100rel) ------>
 *                            <------  100 Trying (answer)        answer ready in time (else as below): the only 100
 *                            <------  183 Session Progress (answer, 100rel)
 *
 *     INVITE (offer, 100rel) ------>                             gathering waits for a silent STUN server
 *                            <------  100 Trying                 ours, before JAIN-SIP's; the only 100
 *                            <------  183 Session Progress (answer, 100rel)
 * </pre>
 */
class FirstCallOfAFreshProcessTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CALL = Duration.ofSeconds(30);

    @Test
    void aColdAnswerProcessSendsExactlyOneHundredTryingAndItIsOurs() throws Exception {
        List<String> ladder = firstCall(null);
        assertEquals(1, ladder.stream().filter(l -> l.contains("100 Trying")).count(), ladder.toString());
        // AUTO: the answer rides in the 100 when it is ready within OwnTrying's deadline (a warm
        // process: always on an idle machine), else the 100 goes without it and the 183 carries it.
        List<String> expected = ladder.get(1).endsWith("+SDP")
                ? List.of("-> INVITE +SDP", "<- 100 Trying (INVITE) +SDP", "<- 183 Session Progress (INVITE) [100rel] +SDP")
                : List.of("-> INVITE +SDP", "<- 100 Trying (INVITE)", "<- 183 Session Progress (INVITE) [100rel] +SDP");
        assertEquals(expected, ladder.subList(0, 3), ladder.toString());
    }

    @Test
    void whenTheAnswerIsLateTheOnlyHundredTryingIsOursAndTheAnswerRidesInTheReliable183() throws Exception {
        try (PlainRtpPeer silentStun = PlainRtpPeer.start()) { // gathering runs to its 800 ms deadline
            List<String> ladder = firstCall(" 100 Trying (INVITE)", "--stun", "127.0.0.1:" + silentStun.port());
            assertEquals(List.of("-> INVITE +SDP", "<- 100 Trying (INVITE)",
                    "<- 183 Session Progress (INVITE) [100rel] +SDP", "-> PRACK", "<- 200 OK (PRACK)"),
                    ladder.subList(0, 5), ladder.toString());
            assertEquals(1, ladder.stream().filter(l -> l.contains("100 Trying")).count(), ladder.toString());
        }
    }

    /**
     * Alice calls a new {@code sipice answer} (with {@code options}) once; checks that the only
     * 100 in Bob's own ladder (sipice's; JAIN-SIP's automatic one is not in it) ends with
     * {@code bobsTrying} (null: with or without the answer). Returns Alice's ladder.
     */
    private static List<String> firstCall(String bobsTrying, String... options) throws Exception {
        CallRecorder aliceEvents = new CallRecorder(false);
        List<String> args = new java.util.ArrayList<>(List.of("answer", "--listen", "127.0.0.1:0", "--user", "bob",
                "--hold", "0", "--calls", "1", "--wait", "60"));
        args.addAll(List.of(options));
        try (SipiceProcess bob = SipiceProcess.start(null, args.toArray(new String[0]));
                TestUserAgent alice = TestUserAgent.start("alice", aliceEvents)) {
            Call call = alice.ua().call(bob.awaitListening(START));
            await(call.established(), CALL);
            call.hangup();
            await(call.ended(), CALL);
            bob.awaitResult(CALL);
            List<String> sent = bob.output().lines().filter(l -> l.contains("------------------> peer   100 Trying"))
                    .toList();
            assertEquals(1, sent.size(), bob.output());
            assertTrue(bobsTrying == null || sent.get(0).endsWith(bobsTrying), bob.output());
            return aliceEvents.ladder();
        }
    }
}

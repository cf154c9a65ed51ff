package org.sipice.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.sipice.sip.EarlyAnswerMode;
import org.sipice.testing.Baresip;
import org.sipice.testing.BaresipNetwork;
import org.sipice.testing.NetNsCoturn;
import org.sipice.testing.SipiceProcess;

/**
 * sipice against a real softphone, baresip 1.0 with its {@code ice} module, both inside a
 * private network namespace (baresip skips loopback): calls both ways, ICE completing, RTP
 * both ways. sipice runs as its own command line ({@code sipice answer} / {@code sipice call})
 * in the namespace and is judged by its RESULT line; baresip by its log.
 *
 * <p>Where baresip differs from us, and what the tests show:
 * <ul>
 *   <li>No 100rel, and it ignores an answer in 100 Trying (its ICE checklist stays empty:
 *       "local candidate not found (checklist=0)"). As caller it starts checks on an unreliable
 *       183 with SDP or on the 200.
 *   <li>As callee with {@code answermode=auto} it sends 180 without SDP and the 200 at once:
 *       ICE runs after the 200.
 *   <li>As callee with {@code answermode=early} its answer comes in an unreliable 183; we start
 *       checks on it and complete ICE before the 200.
 * </ul>
 */
@Timeout(180)
class BaresipInteropTest {
    private static final Duration CALL = Duration.ofSeconds(25);
    private static final Duration START = Duration.ofSeconds(20);
    @RegisterExtension
    static final BaresipNetwork network = BaresipNetwork.named("bs");

    @Test
    void baresipCallsSipice_iceCompletesBeforeItRings() throws Exception {
        Assumptions.assumeTrue(Arrays.stream(EarlyAnswerMode.values()).anyMatch(m -> m.name().equals(
                "RETRANSMITTED_183")), "needs EarlyAnswerMode.RETRANSMITTED_183 (AUTO's answer for a caller "
                + "without 100rel): baresip ignores the answer in 100 Trying");
        try (SipiceProcess sipice = SipiceProcess.start(network.ns(), "answer", "--listen", network.ns().address() + ":5090",
                "--hold", "2", "--wait", "40");
                Baresip alice = Baresip.start(network.ns(), "alice", 5070, Baresip.AnswerMode.MANUAL, "")) {
            String uri = sipice.awaitListening(START);

            alice.dial(uri);
            Map<String, String> result = sipice.awaitResult(CALL);

            assertEquals("ok", result.get("status"), sipice.output());
            assertEquals("AUTO", result.get("early_answer_mode"));
            assertTrue(result.get("early_answer").contains("183"), "the answer in an unreliable 183: " + result);
            assertEquals("ice", result.get("gate"), "the gate opened on ICE, not on its timeout: " + result);
            assertEquals("true", result.get("ringing_after_ice"), result.toString());
            assertMediaBothWays(result, alice);
            assertEquals(0, sipice.awaitExit(Duration.ofSeconds(10)));
        }
    }

    @Test
    void baresipIgnoresAnAnswerIn100Trying_iceThenRunsAfterThe200() throws Exception {
        // TRYING_100 only, and the gate rings anyway after 1 s: baresip never starts checks on
        // the 100's answer, so our gate times out; its checks start on the 200, and ICE still
        // completes with media both ways.
        try (SipiceProcess sipice = SipiceProcess.start(network.ns(), "answer", "--listen", network.ns().address() + ":5092",
                "--early-answer", "TRYING_100", "--set", "sipice.ringing-gate-policy=RING_ANYWAY",
                "--set", "sipice.ringing-gate-timeout-ms=1000", "--hold", "2", "--wait", "40");
                Baresip alice = Baresip.start(network.ns(), "alice", 5072, Baresip.AnswerMode.MANUAL, "")) {
            String uri = sipice.awaitListening(START);

            alice.dial(uri);
            Map<String, String> result = sipice.awaitResult(CALL);

            assertEquals("ok", result.get("status"), sipice.output());
            assertEquals("100", result.get("early_answer"), result.toString());
            assertEquals("timeout", result.get("gate"), "baresip does not check on a 100's answer: " + result);
            assertEquals("false", result.get("ringing_after_ice"), result.toString());
            assertTrue(alice.lineIndex("checklist=0") >= 0, "baresip answered our checks without a checklist:\n"
                    + alice.output());
            assertMediaBothWays(result, alice);
        }
    }

    @Test
    void sipiceCallsBaresip_whichAnswersAtOnce() throws Exception {
        try (Baresip bob = Baresip.start(network.ns(), "bob", 5080, Baresip.AnswerMode.AUTO, "");
                SipiceProcess sipice = SipiceProcess.start(network.ns(), "call", bob.uri(), "--listen",
                        network.ns().address() + ":5094", "--hold", "2")) {
            Map<String, String> result = sipice.awaitResult(CALL);

            assertEquals("ok", result.get("status"), sipice.output() + "\n--- baresip:\n" + bob.output());
            assertEquals("none", result.get("early_answer"), "baresip answers in the 200 only: " + result);
            assertEquals("host/udp-host/udp", result.get("pair"));
            assertMediaBothWays(result, bob);
            assertEquals(0, sipice.awaitExit(Duration.ofSeconds(10)));
        }
    }

    @Test
    void sipiceCallsBaresipInEarlyMode_iceCompletesOnItsUnreliable183() throws Exception {
        try (Baresip carol = Baresip.start(network.ns(), "carol", 5084, Baresip.AnswerMode.EARLY, "");
                SipiceProcess sipice = SipiceProcess.start(network.ns(), "call", carol.uri(), "--listen",
                        network.ns().address() + ":5096", "--hold", "2")) {
            // Our checks start on the 183's answer; carol is answered only once ICE is done.
            sipice.await("ICE  completed", CALL);
            carol.accept();
            Map<String, String> result = sipice.awaitResult(CALL);

            assertEquals("ok", result.get("status"), sipice.output() + "\n--- baresip:\n" + carol.output());
            assertEquals("183", result.get("early_answer"), "one unreliable 183 with SDP: " + result);
            int progress = sipice.lineIndex("183 Session Progress (INVITE)  [SDP]");
            int completed = sipice.lineIndex("ICE  completed");
            int ok = sipice.lineIndex("200 Answering (INVITE)  [SDP]");
            assertTrue(progress >= 0 && progress < completed && completed < ok, sipice.output());
            assertMediaBothWays(result, carol);
        }
    }

    @Test
    void baresipWithTurnSendsAReInviteAfterIce_theCallSurvivesIt() throws Exception {
        // With TURN, baresip's default candidate is its relay; ICE selects host-host, so as the
        // controlling agent it sends a re-INVITE with a=remote-candidates (RFC 5245 §9.1.2.2).
        try (NetNsCoturn turn = NetNsCoturn.start(network.ns());
                SipiceProcess sipice = SipiceProcess.start(network.ns(), "answer", "--listen", network.ns().address() + ":5098",
                        "--set", "sipice.ringing-gate-policy=RING_ANYWAY", "--set",
                        "sipice.ringing-gate-timeout-ms=3000", "--hold", "3", "--wait", "40");
                Baresip tina = Baresip.start(network.ns(), "tina", 5074, Baresip.AnswerMode.MANUAL,
                        turn.baresipAccountParams())) {
            String uri = sipice.awaitListening(START);

            tina.dial(uri);
            Map<String, String> result = sipice.awaitResult(CALL);

            assertTrue(tina.lineIndex("a=remote-candidates:") >= 0, "baresip sent its updated offer:\n"
                    + tina.output());
            int reInvite = secondIndex(sipice, "local <------------------ peer   INVITE  [SDP]");
            assertTrue(reInvite > sipice.lineIndex("local call established"), sipice.output());
            // RFC 8839 §4.4.1.1.2: same ufrag/pwd, no restart; answered 200 with our description.
            java.util.List<String> lines = sipice.process().lines();
            assertTrue(lines.subList(reInvite, lines.size()).stream()
                    .anyMatch(l -> l.contains("local ------------------> peer   200 OK (INVITE)  [SDP]")),
                    "the re-INVITE is answered 200 with SDP:\n" + sipice.output());
            assertTrue(lines.stream().noneMatch(l -> l.contains("501 Not Implemented")), sipice.output());
            assertTrue(lines.stream().noneMatch(l -> l.contains("ICE restart")), "no ICE restart:\n" + sipice.output());
            // The call outlives the re-INVITE: our own BYE ends it after the hold time.
            assertEquals("local", result.get("hangup"), sipice.output());
            assertTrue(result.get("reason") == null || result.get("reason").equals("no_media_received"),
                    "ended normally: " + result);
            assertEquals("completed", result.get("ice"), result.toString());
            assertEquals("host/udp-host/udp", result.get("pair"), result.toString());
            tina.await(Baresip.RTP_RECEIVED, Duration.ofSeconds(5));
            // baresip sends its RTP through its TURN relay although ICE selected host-host; it
            // reaches our port, but ice4j only takes media from remote addresses of succeeded
            // pairs, and the relay pair is usually not checked by then (docs/REAL-PEERS.md §3:
            // one-way audio between two baresips too). Not asserted: printed for the record.
            System.out.println("baresip with TURN: sipice received " + result.get("media_received")
                    + " RTP packets from baresip's relay");
        }
    }

    private static int secondIndex(SipiceProcess p, String fragment) {
        java.util.List<String> lines = p.process().lines();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment) && ++seen == 2) {
                return i;
            }
        }
        throw new AssertionError("no second '" + fragment + "' in:\n" + p.output());
    }

    /** sipice counted RTP both ways, and baresip saw ours and completed its own checks. */
    private static void assertMediaBothWays(Map<String, String> result, Baresip peer) throws InterruptedException {
        assertEquals("completed", result.get("ice"), result.toString());
        assertTrue(Integer.parseInt(result.get("media_sent")) >= 50, "2 s of 20 ms packets sent: " + result);
        assertTrue(Integer.parseInt(result.get("media_received")) >= 25, "baresip's tone arrived: " + result);
        peer.await(Baresip.ICE_COMPLETE, Duration.ofSeconds(5));
        peer.await(Baresip.RTP_RECEIVED, Duration.ofSeconds(5));
    }
}

package org.sipice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.sipice.testing.Eventually;
import org.sipice.testing.Freeze;
import org.sipice.testing.JvmVitals;
import org.sipice.testing.SipiceProcess;

/**
 * One {@code sipice answer --calls 3} taking calls the way a long-running one does: a normal
 * call, then a flood of junk INVITEs (malformed SDP, ICE offers toward nobody), then a call whose
 * caller freezes, then the third call. Junk gets its answer and counts for nothing; every call
 * is forgotten once its RESULT line is out (no call object, ICE agent, socket or per-call thread
 * left after a forced GC); a call whose peer stopped answering consent checks and sending RTP
 * does not end {@code ok}. Bob's consent timeout is 2 s (checks every 500 ms) instead of RFC
 * 7675's 30 s, so that a 3 s freeze loses consent; the callers offer rtcp-mux, so that one
 * component carries everything and only the freeze can cost consent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class LongRunningAnswerTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final int MALFORMED = 40;
    private static final int ICE_TOWARD_NOBODY = 10;
    /** How long the frozen caller sends and answers nothing: above bob's 2 s consent timeout. */
    private static final long FREEZE_MS = 3_000;
    private static final String FIRST_RTP = "first RTP packet from the peer";
    private static final String RTCP_MUX = "sipice.rtcp-mux=true";
    /** One per ICE generation of a call (docs/ENGINE.md): none may outlive its call. */
    private static final String ICE_AGENT = "org.sipice.ice.internal.engine.agent.Agent";

    private static SipiceProcess bob;
    private static String uri;
    private static JvmVitals vitals;
    private static int baselineSockets;
    private static int baselineFds;
    private static long baselinePerCallThreads;
    private static java.util.List<String> baselineThreadNames;
    private static long baselineAgents;

    @BeforeAll
    static void startAnswer() throws Exception {
        bob = SipiceProcess.start(null, "answer", "--listen", "127.0.0.1:0", "--user", "bob", "--calls", "3",
                "--hold", "0", "--wait", "170", "--set", "sipice.checks-timeout-ms=2000",
                "--set", "sipice.consent-interval-ms=500", "--set", "sipice.consent-timeout-ms=2000");
        uri = bob.awaitListening(START);
        vitals = JvmVitals.of(bob.process().pid());
    }

    @AfterAll
    static void stop() {
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    @Order(1)
    void aNormalCallIsOkAndReportsItsLongestMediaGap() throws Exception {
        Map<String, String> callee = call("--hold", "1.5");

        assertEquals("ok", callee.get("status"), bob.output());
        assertTrue(Long.parseLong(callee.get("media_gap_ms")) < 1_000, callee.toString());

        // What a warm softphone holds with no call up: what every later check comes back to.
        vitals.forceGc();
        baselineSockets = vitals.sockets();
        baselineFds = vitals.fds();
        baselinePerCallThreads = perCallThreads();
        baselineThreadNames = vitals.threadNames();
        baselineAgents = vitals.instances(ICE_AGENT);
    }

    @Test
    @Order(2)
    void junkInvitesGetTheirAnswerCountForNothingAndLeaveNothingBehind() throws Exception {
        InetSocketAddress target = sipAddress(uri);
        int before = results(bob);
        Map<String, Integer> finals = new HashMap<>();
        try (DatagramSocket junk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < MALFORMED; i++) {
                send(junk, target, invite(junk, "malformed-" + i, "v=0\r\nm=audio\r\n"));
            }
            for (int i = 0; i < ICE_TOWARD_NOBODY; i++) {
                send(junk, target, invite(junk, "nobody-" + i, ICE_OFFER_TOWARD_NOBODY));
            }
            readFinalResponses(junk, finals, MALFORMED + ICE_TOWARD_NOBODY, Duration.ofSeconds(30));
        }

        for (int i = 0; i < MALFORMED; i++) {
            assertEquals(488, finals.get("malformed-" + i), "a malformed offer gets 488: " + finals);
        }
        for (int i = 0; i < ICE_TOWARD_NOBODY; i++) {
            int status = finals.get("nobody-" + i);
            assertTrue(status >= 400, "ICE toward nobody fails before ringing: " + finals);
        }
        // Each junk INVITE printed its RESULT line ...
        bob.awaitResult(before + MALFORMED + ICE_TOWARD_NOBODY - 1, CALL);
        // ... and none of them was a call taken: --calls 3 is not used up.
        assertTrue(bob.process().isAlive(), bob.output());

        // Closed when each call ended, not left for the garbage collector: counted before any GC.
        Eventually.atMost(vitals::sockets, baselineSockets, Duration.ofSeconds(10),
                () -> "socket descriptors after 50 junk INVITEs (baseline " + baselineSockets + ")");
        Eventually.atMost(vitals::fds, baselineFds, Duration.ofSeconds(10),
                () -> "file descriptors after 50 junk INVITEs (baseline " + baselineFds + ")");
        vitals.forceGc();
        // Ended calls are forgotten (a JAIN-SIP transaction may keep the last one a few seconds).
        Eventually.atMost(() -> (int) vitals.instances("org.sipice.cli.PhoneCall"), 0, Duration.ofSeconds(20),
                () -> "softphone calls still live after a full GC");
        // The junk INVITEs' 488s are never ACKed, so JAIN-SIP keeps each server transaction (and
        // the call it carries) until Timer H, 64*T1 = 32 s (RFC 3261 §17.2.1).
        Eventually.atMost(() -> (int) vitals.instances("org.sipice.sip.internal.UasCall"), 0, Duration.ofSeconds(40),
                () -> "SIP calls still live after a full GC");
        Eventually.atMost(() -> (int) vitals.instances(ICE_AGENT), (int) baselineAgents,
                Duration.ofSeconds(20), () -> "ICE agents still live after a full GC");
        // sipice's shared workers serve every call and end after Executors.IDLE_SECONDS idle.
        Eventually.atMost(() -> (int) perCallThreads(), (int) baselinePerCallThreads,
                Duration.ofSeconds(org.sipice.internal.concurrent.Executors.IDLE_SECONDS + 8),
                () -> "threads: " + vitals.threadNames() + ", after the first call: " + baselineThreadNames);
    }

    @Test
    @Order(3)
    void aCallWhoseCallerFreezesEndsFailed_consentLostWithItsMediaGap() throws Exception {
        int before = results(bob);
        int mediaBefore = bob.process().lines().stream().filter(l -> l.contains(FIRST_RTP)).mapToInt(l -> 1).sum();
        try (SipiceProcess alice = SipiceProcess.start(null, "call", uri, "--listen", "127.0.0.1", "--hold", "5",
                "--set", RTCP_MUX)) {
            int[] seen = {0};
            bob.process().await(l -> l.contains(FIRST_RTP) && seen[0]++ >= mediaBefore, CALL, "this call's media");
            Freeze.process(alice.process().pid(), Duration.ofMillis(FREEZE_MS));
            Map<String, String> callee = bob.awaitResult(before, CALL);

            assertEquals("failed", callee.get("status"), bob.output());
            assertEquals("consent_lost", callee.get("reason"), "RFC 7675 §5.1: " + callee);
            long gap = Long.parseLong(callee.get("media_gap_ms"));
            assertTrue(gap >= FREEZE_MS - 100 && gap < 5_000, "the gap is the freeze: " + callee);
            assertEquals("completed", callee.get("ice"), "ICE did complete before: " + callee);
            assertTrue(bob.lineIndex("consent expired") >= 0, bob.output());
            alice.awaitExit(CALL);
        }
    }

    @Test
    @Order(4)
    void theThirdEstablishedCallEndsTheProcess() throws Exception {
        Map<String, String> callee = call("--hold", "1");

        assertEquals("ok", callee.get("status"), bob.output());
        // Three calls taken (one failed: consent lost), whatever the junk did: exit 1.
        assertEquals(ExitCode.CALL_FAILED, bob.awaitExit(Duration.ofSeconds(20)), bob.output());
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A caller that does what {@code args} say; returns the callee's RESULT line for its call. */
    private static Map<String, String> call(String... args) throws Exception {
        int before = results(bob);
        List<String> command = new java.util.ArrayList<>(List.of("call", uri, "--listen", "127.0.0.1", "--set",
                RTCP_MUX));
        command.addAll(List.of(args));
        try (SipiceProcess alice = SipiceProcess.start(null, command.toArray(String[]::new))) {
            Map<String, String> caller = alice.awaitResult(CALL);
            assertEquals("ok", caller.get("status"), alice.output());
            assertEquals(ExitCode.OK, alice.awaitExit(CALL));
        }
        return bob.awaitResult(before, CALL);
    }

    private static int results(SipiceProcess p) {
        return (int) p.process().lines().stream().filter(l -> l.startsWith("RESULT ")).count();
    }

    /**
     * Threads that could exist per call (media readers, ice4j agents' own threads), as opposed to
     * the shared pools ice4j keeps warm for 60 s after use, which are bounded by how many calls
     * run at once rather than by how many ran, and the JVM's own (JIT compilers come and go).
     */
    private static long perCallThreads() {
        return vitals.threadNames().stream().filter(n -> !n.matches("ice4j\\..*-(executor|timer)-pool-.*")
                && !n.matches("ice4j\\.(NetAccessManager|StunStack)-pool-.*") && !n.contains("CompilerThread")
                && !n.equals("Attach Listener")).count();
    }

    private static InetSocketAddress sipAddress(String sipUri) {
        String hostPort = sipUri.substring(sipUri.indexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** A well-formed ICE offer whose only candidates lead nowhere: it reaches ICE, which fails. */
    private static final String ICE_OFFER_TOWARD_NOBODY = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=ice-ufrag:junk\r\n"
            + "a=ice-pwd:junkjunkjunkjunkjunkjunk\r\na=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host\r\n"
            + "a=candidate:1 2 UDP 2130706430 127.0.0.1 10 typ host\r\n";

    private static String invite(DatagramSocket from, String callId, String sdp) {
        int port = from.getLocalPort();
        return "INVITE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:junk@127.0.0.1>;tag=" + callId.hashCode() + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:junk@127.0.0.1:" + port + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** Reads responses until {@code wanted} Call-IDs have a final status, or the deadline. */
    private static void readFinalResponses(DatagramSocket socket, Map<String, Integer> finals, int wanted,
            Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[65_535];
        while (finals.size() < wanted && System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(8, 11));
            String callId = text.lines().filter(l -> l.startsWith("Call-ID:") || l.startsWith("i:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            if (status >= 200) {
                finals.putIfAbsent(callId, status);
            }
        }
    }
}

package org.sipice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.LocalIce;
import org.sipice.sdp.IceCandidate;
import org.sipice.testing.EventRecorder;
import org.sipice.testing.IcePeers;
import org.sipice.testing.SessionPair;

/**
 * A call on an ICE-TCP pair (RFC 6544) held past the 30 s consent timeout of RFC 7675 with the
 * default consent settings, while a hostile peer connects to the callee's passive candidate and
 * sends RFC 4571-framed checks without, or with a wrong, MESSAGE-INTEGRITY (USE-CANDIDATE, the
 * winning role attribute, PRIORITY 0 and 0xFFFFFFFF): the pair, the roles and the media stay as
 * they were, and every 20 ms packet sent either way arrives.
 */
class IceTcpLongCallAttackTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Past the consent timeout (30 s): only answered consent checks over TCP keep the pair. */
    private static final Duration HOLD = Duration.ofSeconds(36);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long PRIORITY = 1_862_270_975L;

    @RegisterExtension
    final SessionPair<IceSession> peers = SessionPair.of(IceSession::create);
    private final EventRecorder aliceEvents = peers.aliceEvents();
    private final EventRecorder bobEvents = peers.bobEvents();

    @Test
    void aTcpCallOutlivesTheConsentTimeoutUnderUnauthenticatedChecks() throws Exception {
        IceConfig config = IceConfig.builder().addHostAddress(LOOPBACK).iceTcp(true).rtcpMux(true).build();
        IceSession alice = peers.alice(config);
        IceSession bob = peers.bob(config);
        List<LocalIce> described = new ArrayList<>(); // the offer (Alice's), then the answer (Bob's)

        // Alice offers, Bob answers; each sees only the other's TCP candidates (UDP lost).
        IcePeers.connect(alice, bob, local -> {
            described.add(local);
            return IcePeers.tcpOnly(local);
        }, DEADLINE);

        CandidatePairInfo alicePair = alice.selectedPair(1).orElseThrow();
        CandidatePairInfo bobPair = bob.selectedPair(1).orElseThrow();
        assertEquals("tcp", alicePair.local().transport().toLowerCase(), alicePair.toString());
        LocalIce bobs = described.get(1);
        IceCandidate passive = bobs.candidates().stream().filter(c -> "passive".equals(c.tcpType())).findFirst()
                .orElseThrow();
        String user = bobs.credentials().ufrag() + ":attacker";

        Set<String> atBob = ConcurrentHashMap.newKeySet();
        Set<String> atAlice = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> atBob.add(new String(data, 0, len)));
        alice.media().receive((c, data, len, from) -> atAlice.add(new String(data, 0, len)));
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService every20ms = Executors.newSingleThreadScheduledExecutor();
        int answersToTheAttacker;
        try {
            every20ms.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                byte[] a = ("alice #" + i).getBytes();
                byte[] b = ("bob #" + i).getBytes();
                try {
                    alice.media().send(1, a, 0, a.length);
                    bob.media().send(1, b, 0, b.length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // ends the sending: the counts show it
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            answersToTheAttacker = attack(new InetSocketAddress(LOOPBACK, passive.port()), user);
            Thread.sleep(HOLD.toMillis()); // the hold itself: what is measured is what lasts through it
        } finally {
            every20ms.shutdown();
            assertTrue(every20ms.awaitTermination(5, TimeUnit.SECONDS));
        }
        int total = sent.get();

        assertEquals(alicePair, alice.selectedPair(1).orElseThrow(), "Alice's pair changed");
        assertEquals(bobPair, bob.selectedPair(1).orElseThrow(), "Bob's pair changed");
        assertEquals(IceRole.CONTROLLING, alice.role());
        assertEquals(IceRole.CONTROLLED, bob.role());
        for (EventRecorder events : List.of(aliceEvents, bobEvents)) {
            assertEquals(List.of(), events.events().stream().filter(e -> e instanceof IceEvent.ConsentLost
                    || e instanceof IceEvent.Failed || e instanceof IceEvent.RoleChanged).toList());
        }
        assertTrue(alice.stats().selectedPair(1).orElseThrow().consentRequestsSent() >= 5,
                "consent checks over TCP during the " + HOLD.toSeconds() + " s hold");
        // TCP loses nothing: every packet either way arrives (the last may still be in flight).
        assertTrue(atBob.size() >= total - 2, "Bob got " + atBob.size() + " of " + total);
        assertTrue(atAlice.size() >= total - 2, "Alice got " + atAlice.size() + " of " + total);
        assertTrue(total >= HOLD.toMillis() / 20 - 50, "sent " + total);
        System.out.println("ICE-TCP long call: " + total + " packets each way, Bob got " + atBob.size()
                + ", Alice " + atAlice.size() + "; " + answersToTheAttacker + " answers to the attacker");
    }

    /**
     * The hostile checks over one connection to Bob's passive candidate, RFC 4571 framed;
     * returns how many answers came back within 2 s (error responses, never a success).
     */
    private static int attack(InetSocketAddress passive, String user) throws IOException {
        long largest = StunAttacker.LARGEST_TIE_BREAKER;
        List<byte[]> checks = List.of(
                StunAttacker.check(user, PRIORITY).useCandidate().encode(),
                StunAttacker.check(user, PRIORITY).controlling(largest).useCandidate().encode(),
                StunAttacker.check(user, 0).controlling(1).useCandidate().encode(),
                StunAttacker.check(user, 0xFFFFFFFFL).controlling(1).useCandidate().encode(),
                StunAttacker.check(user, PRIORITY).controlling(largest).useCandidate().encode("wrong-key"));
        try (Socket socket = new Socket(passive.getAddress(), passive.getPort())) {
            socket.setSoTimeout(2_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (byte[] check : checks) {
                out.writeShort(check.length); // RFC 4571 §2: a 16-bit length before each packet
                out.write(check);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int answers = 0;
            try {
                while (answers < checks.size()) {
                    byte[] answer = new byte[in.readUnsignedShort()];
                    in.readFully(answer);
                    int type = ((answer[0] & 0xff) << 8) | (answer[1] & 0xff);
                    assertTrue(type != StunAttacker.BINDING_SUCCESS, "an unauthenticated check was answered with success");
                    answers++;
                }
            } catch (java.net.SocketTimeoutException | java.io.EOFException silent) {
                // no more answers: silence is allowed (RFC 8489 §6.3.1.1 for some of them)
            }
            return answers;
        }
    }
}

package org.sipice.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.testing.Eventually;
import org.sipice.testing.IcePeers;
import org.sipice.testing.StunTraffic;
import org.sipice.testing.StunTraffic.Message;

/**
 * Keepalives (RFC 8445 §11) with Tr = 200 ms and consent checks far apart: a Binding Indication
 * on the selected pair whenever nothing else was sent on it for Tr, and none while media flows.
 */
class KeepaliveTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Duration TR = Duration.ofMillis(200);
    private static final long CLOCK_SLACK_MS = 15;

    private IceSession alice;
    private IceSession bob;
    private StunTraffic traffic;
    private ScheduledExecutorService talker;

    private static IceConfig config() {
        return IceConfig.builder().addHostAddress(InetAddress.getLoopbackAddress()).rtcpMux(true)
                .keepaliveInterval(TR).consentInterval(Duration.ofMinutes(1)).consentTimeout(Duration.ofMinutes(2))
                .build();
    }

    @AfterEach
    void close() {
        if (talker != null) {
            talker.shutdownNow();
        }
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    private void connect() throws Exception {
        traffic = StunTraffic.install();
        alice = IceSession.create(config(), IceRole.CONTROLLING, null);
        bob = IceSession.create(config(), IceRole.CONTROLLED, null);
        IcePeers.connect(alice, bob, DEADLINE);
    }

    private static Predicate<Message> indicationsOn(CandidatePairInfo pair, long after) {
        return m -> m.type() == StunTraffic.BINDING_INDICATION && m.fromPort() == pair.local().port()
                && m.toPort() == pair.remote().port() && m.atNanos() > after;
    }

    @Test
    void anIdlePairGetsABindingIndicationEveryTr() throws Exception {
        connect();
        CandidatePairInfo pair = alice.selectedPair(1).orElseThrow();

        List<Message> keepalives = traffic.await(indicationsOn(pair, 0), 6, DEADLINE, "keepalives from Alice");

        List<Long> gaps = StunTraffic.gapsMillis(keepalives.subList(0, 6));
        assertTrue(gaps.stream().allMatch(g -> g >= TR.toMillis() - CLOCK_SLACK_MS), "gaps " + gaps + " below Tr");
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(mean <= TR.toMillis() * 1.5, "mean gap " + mean + " ms for Tr " + TR.toMillis() + " ms: " + gaps);
        // Keepalives are indications, not requests: no consent check was due yet.
        assertTrue(traffic.matching(m -> m.type() == StunTraffic.BINDING_REQUEST && m.fromPort() == pair.local().port()
                && m.atNanos() > keepalives.get(0).atNanos()).isEmpty());
    }

    @Test
    void mediaSentWithinTrMakesKeepalivesUnnecessaryOnlyOnTheTalkingSide() throws Exception {
        connect();
        CandidatePairInfo alicePair = alice.selectedPair(1).orElseThrow();
        CandidatePairInfo bobPair = bob.selectedPair(1).orElseThrow();
        Set<Integer> atBob = ConcurrentHashMap.newKeySet();
        bob.media().receive((c, data, len, from) -> atBob.add(Integer.parseInt(new String(data, 0, len))));

        // Alice talks every 40 ms for 30 packets (1.2 s, six times Tr); Bob only listens.
        int packets = 30;
        AtomicInteger sent = new AtomicInteger();
        long talkFrom = System.nanoTime();
        talker = Executors.newSingleThreadScheduledExecutor();
        talker.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n < packets) {
                byte[] p = Integer.toString(n).getBytes();
                try {
                    alice.media().send(1, p, 0, p.length);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, 0, 40, TimeUnit.MILLISECONDS);
        Eventually.atMost(() -> packets - atBob.size(), 0, DEADLINE, () -> "media at Bob");
        long talkUntil = System.nanoTime();

        Predicate<Message> window = m -> m.atNanos() > talkFrom + TR.toNanos() && m.atNanos() < talkUntil;
        assertEquals(List.of(), traffic.matching(indicationsOn(alicePair, 0).and(window)),
                "Alice's media kept her pair alive");
        assertTrue(traffic.matching(indicationsOn(bobPair, 0).and(window)).size() >= 3,
                "Bob, silent, sent keepalives meanwhile");
    }
}

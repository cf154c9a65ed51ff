package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sipice.ice.internal.engine.agent.FakePeer.Answer;
import org.sipice.internal.concurrent.CountingScheduler;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.net.FakeNetwork.Datagram;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * Consent freshness (RFC 7675) and keepalives (RFC 8445 §11) on one selected pair, on fake time:
 * Alice's side at {@link #LOCAL} checks consent with a fake Bob at {@link #REMOTE}, 5 ms away.
 */
class ConsentFreshnessTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress LOCAL_OTHER = new InetSocketAddress("10.0.0.1", 5002);
    static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 6000);
    static final String BOB_PWD = "bobs-password-22-chars";
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration TR = Duration.ofSeconds(15);
    private static final long TIE_BREAKER = 0x1234_5678_9abcL;

    private final FakeScheduler time = new FakeScheduler();
    private final CountingScheduler scheduler = new CountingScheduler(time);
    private final FakeNetwork net = new FakeNetwork(time);
    private final StunTransactions transactions = new StunTransactions(scheduler);
    private final DatagramPort local = net.open(LOCAL, this::toTransactions);
    private final FakePeer bob = new FakePeer(net, REMOTE, BOB_PWD, LOCAL_OTHER);
    private final List<String> events = new ArrayList<>();
    private final List<Long> lostAtNanos = new ArrayList<>();
    private boolean controlling;
    private long startNanos;

    {
        net.open(LOCAL_OTHER, this::toTransactions);
    }

    private final ConsentFreshness.Listener listener = new ConsentFreshness.Listener() {
        @Override
        public void onConsentLost(Duration sinceLastResponse) {
            lostAtNanos.add(time.nanoTime());
            events.add("consent lost " + sinceLastResponse.toMillis() + " ms after the last answer");
        }

        @Override
        public void onRoleConflict() {
            events.add("role conflict");
            controlling = !controlling; // the agent switches (RFC 8445 §7.2.5.1)
        }
    };

    /** Alice's session demultiplexer, reduced to what consent needs: responses to the transactions. */
    private void toTransactions(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        if (!StunCodec.isStun(data, length)) {
            return;
        }
        try {
            if (StunCodec.decode(data, length) instanceof Response response) {
                transactions.onResponse(port, response, data, from);
            }
        } catch (StunFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** What the agent would send as a consent check: RFC 8445 §7.2.2 attributes, its current role. */
    private Request consentRequest() {
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createUsernameAttribute("bobufrag:aliceufrag"));
        request.putAttribute(AttributeFactory.createPriorityAttribute(1_853_824_767L));
        request.putAttribute(controlling ? AttributeFactory.createIceControllingAttribute(TIE_BREAKER)
                : AttributeFactory.createIceControlledAttribute(TIE_BREAKER));
        return request;
    }

    private ConsentFreshness start(Duration interval, Duration timeout, Duration tr, DoubleSupplier uniform) {
        ConsentFreshness consent = uniform == null
                ? new ConsentFreshness(scheduler, transactions, local, REMOTE, this::consentRequest,
                        StunCodec.shortTermKey(BOB_PWD), interval, timeout, tr, listener)
                : new ConsentFreshness(scheduler, transactions, local, REMOTE, this::consentRequest,
                        StunCodec.shortTermKey(BOB_PWD), interval, timeout, tr, listener, uniform);
        startNanos = time.nanoTime();
        consent.start();
        return consent;
    }

    /**
     * With the intervals drawn from a seeded generator: RFC 7675 §5.1 randomises them, and a
     * test that reads the counters at a fixed instant must not depend on whether a check happens
     * to be in flight then.
     */
    private ConsentFreshness start() {
        return start(INTERVAL, TIMEOUT, TR, new Random(7)::nextDouble);
    }

    /** Datagrams Alice sent of STUN type {@code type} (or media for -1), in ms since start. */
    private List<Long> sentMillis(int type) {
        return net.sent().stream().filter(d -> d.from().equals(LOCAL)).filter(d -> typeOf(d) == type)
                .map(d -> (d.sentNanos() - startNanos) / 1_000_000).toList();
    }

    private static int typeOf(Datagram d) {
        return StunCodec.isStun(d.data(), d.data().length) ? ((d.data()[0] & 0xFF) << 8) | (d.data()[1] & 0xFF) : -1;
    }

    private static List<Long> gaps(long first, List<Long> times) {
        List<Long> gaps = new ArrayList<>();
        long previous = first;
        for (long t : times) {
            gaps.add(t - previous);
            previous = t;
        }
        return gaps;
    }

    @Test
    void aConsentCheckEvery4To6SecondsForTwoMinutesEachANewSignedTransactionEachAnswered() {
        ConsentFreshness consent = start();

        time.advance(Duration.ofMinutes(2));

        List<Long> checks = sentMillis(Message.BINDING_REQUEST);
        List<Long> gaps = gaps(0, checks);
        assertTrue(gaps.stream().allMatch(g -> g >= 4000 && g <= 6000), "gaps " + gaps);
        assertTrue(checks.size() >= 20 && checks.size() <= 30, checks.size() + " checks in 2 min");
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(mean > 4500 && mean < 5500, "mean gap " + mean + " ms: " + gaps);
        // RFC 7675 §5.1: each check sent once, with a new transaction id; Bob verified every one.
        List<Request> atBob = bob.requests();
        assertEquals(checks.size(), atBob.size());
        assertEquals(checks.size(), atBob.stream().map(r -> TransactionId.of(r.getTransactionID())).distinct().count());
        assertEquals(0, bob.badRequests());
        assertEquals(checks.size(), consent.requestsSent());
        assertEquals(checks.size(), consent.responsesReceived());
        // Checks every 4-6 s are traffic: no keepalive was ever needed with Tr 15 s (RFC 8445 §11).
        assertEquals(0, bob.indications());
        assertEquals(List.of(), events);
        assertFalse(consent.consentExpired());
        long lastAnswerArrived = net.sent().stream().filter(d -> d.from().equals(REMOTE))
                .mapToLong(d -> d.sentNanos() + 5_000_000).filter(at -> at <= time.nanoTime()).max().orElseThrow();
        assertEquals(lastAnswerArrived, consent.lastResponseNanos());
    }

    @Test
    void aSilentPeerCostsConsentExactlyTheTimeoutAfterItsLastAnswerAndThenNothingIsSent() {
        ConsentFreshness consent = start();
        time.advance(Duration.ofSeconds(20));
        bob.answer(Answer.SILENT);
        long lastAnswer = consent.lastResponseNanos();
        assertTrue(consent.responsesReceived() >= 3, "the call ran with consent for a while");
        int checksBefore = bob.requests().size();

        assertTrue(time.advanceUntil(() -> !events.isEmpty(), Duration.ofMinutes(1)));

        assertEquals(List.of("consent lost 30000 ms after the last answer"), events);
        assertEquals(List.of(lastAnswer + TIMEOUT.toNanos()), lostAtNanos);
        assertTrue(bob.requests().size() - checksBefore >= 4, "Alice kept checking while Bob was silent");
        assertTrue(consent.consentExpired());
        // RFC 7675 §5.1: the outstanding checks are discarded at once; no timer of ours is left.
        assertEquals(0, transactions.size());
        assertEquals(0, scheduler.live());
        time.advance(Duration.ofMinutes(2));
        assertTrue(net.sent().stream().filter(d -> d.from().equals(LOCAL)).allMatch(d -> d.sentNanos() < lostAtNanos.get(0)),
                "nothing leaves Alice once consent expired");
        assertEquals(1, events.size());
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"FORGED", "UNSIGNED", "FROM_ANOTHER_ADDRESS", "TO_ANOTHER_PORT"})
    void anAnswerThatIsNotAuthenticatedOrNotOnThePairNeverRenewsConsent(Answer answer) {
        bob.answer(answer);
        ConsentFreshness consent = start();

        time.advance(Duration.ofMinutes(2));

        assertTrue(bob.answersSent() >= 5, "Bob answered " + bob.answersSent() + " checks");
        assertEquals(0, consent.responsesReceived());
        // ICE's own check at start was the last grant of consent.
        assertEquals(List.of("consent lost 30000 ms after the last answer"), events);
        assertEquals(List.of(startNanos + TIMEOUT.toNanos()), lostAtNanos);
    }

    @Test
    void aForgedAnswerDoesNotStopTheCheckFromCountingTheRealOne() {
        bob.answer(Answer.FORGED_THEN_AUTHENTICATED);
        ConsentFreshness consent = start();

        time.advance(Duration.ofMinutes(2));

        assertEquals(List.of(), events);
        assertEquals(consent.requestsSent(), consent.responsesReceived());
    }

    @Test
    void aSigned487IsARoleConflictTheNextChecksClaimTheOtherRoleAndConsentGoesOn() {
        bob.answerNext(Answer.ROLE_CONFLICT);
        ConsentFreshness consent = start();

        time.advance(Duration.ofMinutes(2));

        assertEquals(List.of("role conflict"), events);
        List<Request> atBob = bob.requests();
        assertTrue(atBob.get(0).containsAttribute(Attribute.ICE_CONTROLLED));
        assertTrue(atBob.subList(1, atBob.size()).stream().allMatch(r -> r.containsAttribute(Attribute.ICE_CONTROLLING)),
                "checks after the switch claim ICE-CONTROLLING");
        assertEquals(consent.requestsSent() - 1, consent.responsesReceived());
        assertFalse(consent.consentExpired());
    }

    @Test
    void anUnsigned487ChangesNothingAndRenewsNothing() {
        bob.answer(Answer.UNSIGNED_ROLE_CONFLICT);
        ConsentFreshness consent = start();

        time.advance(Duration.ofMinutes(1));

        assertEquals(List.of("consent lost 30000 ms after the last answer"), events);
        assertTrue(bob.requests().stream().allMatch(r -> r.containsAttribute(Attribute.ICE_CONTROLLED)));
        assertEquals(0, consent.responsesReceived());
    }

    @Test
    void anUnsigned487DoesNotEndTheCheckItsSignedSuccessStillCounts() {
        bob.answer(Answer.SILENT);
        ConsentFreshness consent = start();
        time.advanceUntil(() -> bob.requests().size() == 1, INTERVAL.multipliedBy(2));

        bob.reply(0, Answer.UNSIGNED_ROLE_CONFLICT);
        bob.reply(0, Answer.AUTHENTICATED);
        time.advance(Duration.ofMillis(10));

        assertEquals(List.of(), events);
        assertEquals(1, consent.responsesReceived());
        assertEquals(time.nanoTime() - 5_000_000, consent.lastResponseNanos());
    }

    @Test
    void a487ToACheckSentBeforeTheSwitchIsNotASecondConflict() {
        // Draws of 0: a check every 4 s (0.8 x 5 s); each is awaited 5 s, so two are outstanding.
        bob.answer(Answer.SILENT);
        start(INTERVAL, TIMEOUT, TR, () -> 0.0);
        time.advance(Duration.ofMillis(8_005));
        assertEquals(2, bob.requests().size());

        bob.reply(0, Answer.ROLE_CONFLICT);
        bob.reply(1, Answer.ROLE_CONFLICT);
        time.advance(Duration.ofMillis(10));

        assertEquals(List.of("role conflict"), events);
        assertTrue(controlling);
    }

    @Test
    void anAnswerAfterConsentExpiredDoesNotReestablishIt() {
        bob.answer(Answer.SILENT);
        ConsentFreshness consent = start();
        time.advance(TIMEOUT);
        assertEquals(1, events.size());
        int sent = net.sent().size();

        bob.reply(bob.requests().size() - 1, Answer.AUTHENTICATED);
        time.advance(Duration.ofMinutes(1));

        assertEquals(1, events.size());
        assertEquals(0, consent.responsesReceived());
        assertTrue(consent.consentExpired());
        assertEquals(sent + 1, net.sent().size(), "only Bob's late answer went on the wire");
    }

    @Test
    void keepalivesGoOutOnlyWhenNothingElseWasSentForTr() {
        // Consent every 60 s exactly (draws of 0.5) with Tr 15 s, as when consent is configured
        // slower than Tr. Alice is idle for 50 s, talks once a second until 100 s, then is idle.
        ConsentFreshness consent = start(Duration.ofSeconds(60), Duration.ofSeconds(120), TR, () -> 0.5);
        for (int s = 50; s <= 100; s++) {
            time.advance(Duration.ofNanos(startNanos + s * 1_000_000_000L - time.nanoTime()));
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            local.send(rtp, 0, rtp.length, REMOTE);
            consent.mediaSent();
        }
        time.advance(Duration.ofNanos(startNanos + 170_000_000_000L - time.nanoTime()));

        assertEquals(List.of(60_000L, 120_000L), sentMillis(Message.BINDING_REQUEST));
        // 15, 30, 45 while idle; none while media flows (the check at 60 s is inside it); 15 s after
        // the last packet (100 s) one at 115; the check at 120 s resets Tr: 135, 150, 165.
        assertEquals(List.of(15_000L, 30_000L, 45_000L, 115_000L, 135_000L, 150_000L, 165_000L),
                sentMillis(Message.BINDING_INDICATION));
        assertEquals(7, bob.indications());
        assertEquals(51, bob.media());
        assertEquals(7, consent.keepalivesSent());
        assertEquals(0, bob.badRequests(), "each indication carries FINGERPRINT");
        assertEquals(List.of(), events);
    }

    @Test
    void aKeepaliveIsABindingIndicationWithFingerprintAndNoIntegrity() throws Exception {
        start(Duration.ofMinutes(1), Duration.ofMinutes(2), TR, () -> 0.5);
        time.advance(TR);

        List<Datagram> indications = net.sent().stream().filter(d -> typeOf(d) == Message.BINDING_INDICATION).toList();
        assertEquals(1, indications.size());
        Datagram d = indications.get(0);
        assertEquals(REMOTE, d.to());
        Message m = StunCodec.decode(d.data(), d.data().length);
        assertTrue(m.containsAttribute(Attribute.FINGERPRINT));
        assertFalse(m.containsAttribute(Attribute.MESSAGE_INTEGRITY));
    }

    @Test
    void stopCancelsEveryTimerAndOutstandingCheckAndNothingIsSentAfterwards() {
        bob.answer(Answer.SILENT);
        ConsentFreshness consent = start();
        time.advanceUntil(() -> bob.requests().size() == 2, Duration.ofSeconds(20));
        assertTrue(transactions.size() >= 1, "a check is outstanding");
        int sent = net.sent().size();

        consent.stop();
        consent.stop();

        assertEquals(0, scheduler.live());
        assertEquals(0, transactions.size());
        time.advance(Duration.ofMinutes(5));
        assertEquals(sent, net.sent().size());
        assertEquals(List.of(), events);
    }

    @Test
    void consentIsGrantedByIcesOwnCheckWhenThatWasEarlier() {
        bob.answer(Answer.SILENT);
        ConsentFreshness consent = new ConsentFreshness(scheduler, transactions, local, REMOTE, this::consentRequest,
                StunCodec.shortTermKey(BOB_PWD), INTERVAL, TIMEOUT, TR, listener);
        long validated = time.nanoTime();
        time.advance(Duration.ofSeconds(10));

        consent.start(validated);
        time.advance(Duration.ofMinutes(1));

        assertEquals(List.of(validated + TIMEOUT.toNanos()), lostAtNanos);
        assertEquals(List.of("consent lost 30000 ms after the last answer"), events);
    }
}

package org.sipice.ice.internal.engine.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.sipice.ice.internal.engine.agent.FakePeer.Answer;
import org.sipice.internal.concurrent.CountingScheduler;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/**
 * A 70-second call without rtcp-mux, on fake time: RTP and RTCP each have their own selected pair
 * and each pair's consent (RFC 7675) is checked and renewed on its own 5-tuple, with the default
 * timers (checks every 4-6 s, 30 s expiry, Tr 15 s). Under the old engine every such call lost
 * its RTCP consent at ~30 s because only the RTP pair's checks were answered (issue 11, defect 1).
 */
class ConsentWithoutRtcpMuxTest {
    private static final InetSocketAddress ALICE_RTP = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress ALICE_RTCP = new InetSocketAddress("10.0.0.1", 5001);
    private static final InetSocketAddress BOB_RTP = new InetSocketAddress("192.0.2.7", 6000);
    private static final InetSocketAddress BOB_RTCP = new InetSocketAddress("192.0.2.7", 6002);
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("10.0.0.1", 5999);
    private static final String BOB_PWD = "bobs-password-22-chars";
    private static final Duration CALL = Duration.ofSeconds(70);

    private final FakeScheduler time = new FakeScheduler();
    private final CountingScheduler scheduler = new CountingScheduler(time);
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(25));
    /** One session: one set of transactions for both components, as in the engine. */
    private final StunTransactions transactions = new StunTransactions(scheduler);
    private final DatagramPort rtpPort = net.open(ALICE_RTP, this::toTransactions);
    private final DatagramPort rtcpPort = net.open(ALICE_RTCP, this::toTransactions);
    private final FakePeer bobRtp = new FakePeer(net, BOB_RTP, BOB_PWD, NOWHERE);
    private final FakePeer bobRtcp = new FakePeer(net, BOB_RTCP, BOB_PWD, NOWHERE);
    private final List<String> events = new ArrayList<>();
    private long startNanos;

    private void toTransactions(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        try {
            if (StunCodec.isStun(data, length) && StunCodec.decode(data, length) instanceof Response response) {
                transactions.onResponse(port, response, data, from);
            }
        } catch (StunFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static Request consentRequest() {
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createUsernameAttribute("bobufrag:aliceufrag"));
        request.putAttribute(AttributeFactory.createPriorityAttribute(1_853_824_767L));
        request.putAttribute(AttributeFactory.createIceControllingAttribute(42));
        return request;
    }

    private ConsentFreshness consent(String component, DatagramPort port, InetSocketAddress remote) {
        return new ConsentFreshness(scheduler, transactions, port, remote, ConsentWithoutRtcpMuxTest::consentRequest,
                StunCodec.shortTermKey(BOB_PWD), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15),
                new ConsentFreshness.Listener() {
                    @Override
                    public void onConsentLost(Duration since) {
                        events.add(component + " consent lost at " + (time.nanoTime() - startNanos) / 1_000_000
                                + " ms, " + since.toMillis() + " ms after its last answer");
                    }

                    @Override
                    public void onRoleConflict() {
                        events.add(component + " role conflict");
                    }
                });
    }

    /** Alice talks: RTP every 20 ms, RTCP every 5 s, for the whole call. */
    private void talk(ConsentFreshness rtp, ConsentFreshness rtcp) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        long end = startNanos + CALL.toNanos();
        for (long at = startNanos; at < end; at += 20_000_000L) {
            time.advance(Duration.ofNanos(at - time.nanoTime()));
            rtpPort.send(packet, 0, packet.length, BOB_RTP);
            rtp.mediaSent();
            if ((at - startNanos) % 5_000_000_000L == 0) {
                rtcpPort.send(packet, 0, 64, BOB_RTCP);
                rtcp.mediaSent();
            }
        }
        time.advance(Duration.ofNanos(end - time.nanoTime()));
    }

    private long checksFrom(InetSocketAddress from, InetSocketAddress to) {
        return net.sent().stream().filter(d -> d.from().equals(from) && d.to().equals(to))
                .filter(d -> StunCodec.isStun(d.data(), d.data().length)
                        && (((d.data()[0] & 0xFF) << 8) | (d.data()[1] & 0xFF)) == Message.BINDING_REQUEST)
                .count();
    }

    @Test
    void bothPairsKeepTheirConsentForTheWholeCall() {
        ConsentFreshness rtp = consent("RTP", rtpPort, BOB_RTP);
        ConsentFreshness rtcp = consent("RTCP", rtcpPort, BOB_RTCP);
        startNanos = time.nanoTime();
        rtp.start();
        rtcp.start();

        talk(rtp, rtcp);

        assertEquals(List.of(), events);
        for (ConsentFreshness pair : List.of(rtp, rtcp)) {
            assertTrue(pair.requestsSent() >= 70 / 6, pair.requestsSent() + " checks in 70 s");
            assertTrue(pair.responsesReceived() >= pair.requestsSent() - 1, "every check answered but one in flight");
            assertTrue(time.nanoTime() - pair.lastResponseNanos() <= Duration.ofSeconds(6).toNanos());
            assertEquals(0, pair.keepalivesSent(), "consent checks every 4-6 s leave no room for keepalives");
        }
        // Each pair's checks went on its own 5-tuple.
        assertEquals(rtp.requestsSent(), checksFrom(ALICE_RTP, BOB_RTP));
        assertEquals(rtcp.requestsSent(), checksFrom(ALICE_RTCP, BOB_RTCP));
        assertEquals(0, checksFrom(ALICE_RTP, BOB_RTCP) + checksFrom(ALICE_RTCP, BOB_RTP));
        assertEquals(0, bobRtp.badRequests() + bobRtcp.badRequests());

        rtp.stop();
        rtcp.stop();
        assertEquals(0, scheduler.live());
        assertEquals(0, transactions.size());
    }

    @Test
    void aPeerThatAnswersOnlyOnRtpCostsTheRtcpPairItsConsentAndOnlyThatPair() {
        // What ice4j did once terminated: it answered checks on the RTP pair only.
        bobRtcp.answer(Answer.SILENT);
        ConsentFreshness rtp = consent("RTP", rtpPort, BOB_RTP);
        ConsentFreshness rtcp = consent("RTCP", rtcpPort, BOB_RTCP);
        startNanos = time.nanoTime();
        rtp.start();
        rtcp.start();

        talk(rtp, rtcp);

        assertEquals(List.of("RTCP consent lost at 30000 ms, 30000 ms after its last answer"), events);
        assertTrue(rtcp.consentExpired());
        assertTrue(rtp.responsesReceived() >= 70 / 6);
        assertFalse(rtp.consentExpired());
        // No check left on the RTCP pair once its consent expired.
        assertEquals(rtcp.requestsSent(), checksFrom(ALICE_RTCP, BOB_RTCP));
        assertTrue(rtcp.requestsSent() >= 30 / 6 && rtcp.requestsSent() <= 30 / 4);
    }
}

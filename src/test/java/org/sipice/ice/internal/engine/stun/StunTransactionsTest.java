package org.sipice.ice.internal.engine.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.TransportAddress;
import org.ice4j.Transport;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;

/** RFC 8489 §6.2.1 on fake time: the retransmission schedule, the time-out, and a late answer. */
class StunTransactionsTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.9", 3478);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(Duration.ofMillis(10));
    private final StunTransactions transactions = new StunTransactions(time);
    private final List<String> outcomes = new ArrayList<>();

    private final StunTransactions.Outcome record = new StunTransactions.Outcome() {
        @Override
        public boolean onResponse(Response response, byte[] raw, InetSocketAddress from, Duration rtt) {
            outcomes.add("response from " + from.getPort() + " after " + rtt.toMillis() + " ms");
            return true;
        }

        @Override
        public void onTimeout() {
            outcomes.add("timeout at " + time.elapsed().toMillis() + " ms");
        }
    };

    @Test
    void aSilentServerGetsSevenRequestsThenTheTransactionTimesOutAt39point5Seconds() {
        DatagramPort client = net.open(CLIENT, (p, d, l, f) -> { });
        transactions.send(MessageFactory.createBindingRequest(), null, client, SERVER, Retransmission.RFC_8489, record);

        time.advance(Duration.ofSeconds(60));

        List<Long> sentAt = net.sent().stream().map(d -> (d.sentNanos() - net.sent().get(0).sentNanos()) / 1_000_000)
                .toList();
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), sentAt);
        assertEquals(List.of("timeout at 39500 ms"), outcomes);
        assertEquals(0, transactions.size());
    }

    @Test
    void aResponseEndsTheRetransmissionsAndReportsTheRoundTrip() throws Exception {
        DatagramPort[] clientPort = new DatagramPort[1];
        clientPort[0] = net.open(CLIENT, (p, data, length, from) -> {
            try {
                transactions.onResponse((Response) StunCodec.decode(data, length), data, from);
            } catch (StunFormatException e) {
                throw new AssertionError(e);
            }
        });
        net.open(SERVER, (p, data, length, from) -> {
            try {
                Message request = StunCodec.decode(data, length);
                Response ok = MessageFactory.createBindingResponse(
                        (org.ice4j.message.Request) request, new TransportAddress(from, Transport.UDP));
                ok.setTransactionID(request.getTransactionID());
                byte[] out = StunCodec.encode(ok, null, true);
                p.send(out, 0, out.length, from);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        transactions.send(MessageFactory.createBindingRequest(), null, clientPort[0], SERVER,
                Retransmission.RFC_8489, record);

        time.advance(Duration.ofSeconds(60));

        assertEquals(List.of("response from 3478 after 20 ms"), outcomes);
        assertEquals(1, net.sent().stream().filter(d -> d.from().equals(CLIENT)).count());
    }

    @Test
    void aResponseThatTheOutcomeRejectsLeavesTheTransactionRunning() throws Exception {
        DatagramPort client = net.open(CLIENT, (p, d, l, f) -> { });
        StunTransactions.Transaction t = transactions.send(MessageFactory.createBindingRequest(), null, client, SERVER,
                Retransmission.RFC_8489, new StunTransactions.Outcome() {
                    @Override
                    public boolean onResponse(Response r, byte[] raw, InetSocketAddress from, Duration rtt) {
                        outcomes.add("rejected");
                        return false;
                    }

                    @Override
                    public void onTimeout() {
                        outcomes.add("timeout");
                    }
                });
        org.ice4j.message.Request sameId = MessageFactory.createBindingRequest();
        sameId.setTransactionID(t.id().bytes());
        Response forged = MessageFactory.createBindingResponse(sameId, new TransportAddress(CLIENT, Transport.UDP));
        forged.setTransactionID(t.id().bytes());
        byte[] raw = StunCodec.encode(forged, null, false);

        assertTrue(transactions.onResponse(forged, raw, SERVER));
        time.advance(Duration.ofSeconds(40));

        assertEquals(List.of("rejected", "timeout"), outcomes);
        assertEquals(7, t.requestsSent());
    }

    @Test
    void aResponseOnAnotherPortThanItsRequestLeftFromIsNotMatched() throws Exception {
        DatagramPort client = net.open(CLIENT, (p, d, l, f) -> { });
        DatagramPort otherPort = net.open(new InetSocketAddress("10.0.0.1", 5002), (p, d, l, f) -> { });
        StunTransactions.Transaction t = transactions.send(MessageFactory.createBindingRequest(), null, client, SERVER,
                Retransmission.RFC_8489, record);
        org.ice4j.message.Request sameId = MessageFactory.createBindingRequest();
        sameId.setTransactionID(t.id().bytes());
        Response answer = MessageFactory.createBindingResponse(sameId, new TransportAddress(CLIENT, Transport.UDP));
        answer.setTransactionID(t.id().bytes());
        byte[] raw = StunCodec.encode(answer, null, true);

        // RFC 8445 §7.2.5.2.1: a response belongs to its request's 5-tuple.
        assertEquals(false, transactions.onResponse(otherPort, answer, raw, SERVER));
        assertEquals(List.of(), outcomes);
        assertEquals(1, transactions.size());
        time.advance(Duration.ofMillis(50));
        assertTrue(transactions.onResponse(client, answer, raw, SERVER));
        assertEquals(List.of("response from 3478 after 50 ms"), outcomes);
        assertEquals(0, transactions.size());
    }

    @Test
    void theRetransmissionScheduleOfAConnectivityCheckFollowsItsRto() {
        // RFC 8445 §14.3 leaves RTO to the agent; with RTO 100 ms and Rc 4 a check is
        // retransmitted at 100, 300, 700 ms and given up at 700 + 100 x Rm.
        Retransmission checks = new Retransmission(Duration.ofMillis(100), 4, 4);
        assertEquals(Duration.ofMillis(1100), checks.timeout());
        AttributeFactory.createPriorityAttribute(1); // ice4j's attribute classes load without a StunStack
    }
}

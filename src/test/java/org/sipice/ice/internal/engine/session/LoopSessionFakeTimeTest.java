package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipice.testing.Await.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEvent;
import org.sipice.ice.IceRole;
import org.sipice.ice.LocalIce;
import org.sipice.ice.StunServer;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.sdp.CandidateType;
import org.sipice.testing.EventRecorder;

/**
 * Gathering on fake time and a fake network with a 25 ms one-way delay to the STUN servers:
 * what leaves when, and how long the offer waits.
 */
class LoopSessionFakeTimeTest {
    private static final Duration ONE_WAY = Duration.ofMillis(25);
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final InetAddress HOST = address("10.0.0.1");
    private static final InetAddress PUBLIC = address("203.0.113.7");
    private static final InetSocketAddress STUN_A = new InetSocketAddress(address("192.0.2.10"), 3478);
    private static final InetSocketAddress STUN_B = new InetSocketAddress(address("192.0.2.20"), 3478);

    private final FakeScheduler time = new FakeScheduler();
    private final FakeNetwork net = new FakeNetwork(time).latency(ONE_WAY);
    private final EventRecorder events = new EventRecorder();
    private int nextPort = 40000;

    /** Host ports from the fake network, at 10.0.0.1:40000, :40001... */
    private final PortOpener ports = (local, component, receiver) -> CompletableFuture.completedFuture(
            net.open(new InetSocketAddress(local.getAddress(), nextPort++), receiver));

    /** A STUN server behind which the client appears at 203.0.113.7 with the same port (an EIM NAT). */
    private void stunServer(InetSocketAddress at) {
        DatagramPort[] self = new DatagramPort[1];
        self[0] = net.open(at, (port, data, length, from) -> {
            try {
                Message m = StunCodec.decode(data, length);
                if (m instanceof Request request && m.getMessageType() == Message.BINDING_REQUEST) {
                    Response r = MessageFactory.createBindingResponse(request,
                            new TransportAddress(new InetSocketAddress(PUBLIC, from.getPort()), Transport.UDP));
                    r.setTransactionID(request.getTransactionID());
                    byte[] out = StunCodec.encode(r, null, true);
                    self[0].send(out, 0, out.length, from);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void everyComponentAsksEveryStunServerAtOnceAndTheOfferIsReadyOneRoundTripLater() throws Exception {
        stunServer(STUN_A);
        stunServer(STUN_B);
        IceConfig config = IceConfig.builder().addHostAddress(HOST).addStunServer(new StunServer(STUN_A))
                .addStunServer(new StunServer(STUN_B)).build();
        LoopSession alice = new LoopSession(config, IceRole.CONTROLLING, events, time, ports);

        CompletableFuture<LocalIce> gathered = alice.gather();
        time.advanceUntil(() -> alice.state() == org.sipice.ice.IceState.GATHERED, DEADLINE);

        // Four Binding requests (2 components x 2 servers), all at the same instant: no component
        // waits for the other (issue 12: serial STUN cost a round trip per component).
        List<Long> requestTimes = net.sent().stream()
                .filter(d -> d.to().equals(STUN_A) || d.to().equals(STUN_B)).map(d -> d.sentNanos()).toList();
        assertEquals(4, requestTimes.size(), net.sent().toString());
        assertEquals(1, requestTimes.stream().distinct().count(), "sent at " + requestTimes);
        // Gathering ended when the last answer came: one round trip, not the 800 ms deadline.
        assertEquals(2 * ONE_WAY.toMillis(), time.elapsed().toMillis());

        LocalIce local = await(gathered, DEADLINE);
        // Both servers saw the same mapping from one base: one candidate per component (RFC 8445 §5.1.3).
        assertEquals(List.of(CandidateType.HOST, CandidateType.SRFLX, CandidateType.HOST, CandidateType.SRFLX),
                local.candidates().stream().map(c -> c.type()).toList());
        assertEquals("203.0.113.7", local.defaults().get(1).address());
        assertEquals(40000, local.defaults().get(1).port());
        assertEquals(40001, local.defaults().get(2).port());
        events.await(IceEvent.GatheringCompleted.class, DEADLINE);
        assertEquals(List.of(), events.ofType(IceEvent.ServerFailed.class));
        alice.close();
        assertEquals(2, net.openPorts(), "only the two STUN servers' ports are left");
    }

    @Test
    void aLostBindingRequestIsRetransmittedWithinTheGatheringDeadline() throws Exception {
        stunServer(STUN_A);
        boolean[] first = {true};
        net.filter((from, to) -> {
            if (to.equals(STUN_A) && from.getPort() == 40000 && first[0]) {
                first[0] = false;
                return false; // the first request of component 1 is lost
            }
            return true;
        });
        IceConfig config = IceConfig.builder().addHostAddress(HOST).addStunServer(new StunServer(STUN_A)).build();
        LoopSession alice = new LoopSession(config, IceRole.CONTROLLING, events, time, ports);

        CompletableFuture<LocalIce> gathered = alice.gather();
        time.advanceUntil(() -> alice.state() == org.sipice.ice.IceState.GATHERED, DEADLINE);

        // RFC 8489 §6.2.1 with the gathering's 100 ms RTO: resent at 100 ms, answered 50 ms later.
        assertEquals(100 + 2 * ONE_WAY.toMillis(), time.elapsed().toMillis());
        LocalIce local = await(gathered, DEADLINE);
        assertTrue(local.candidates().stream().filter(c -> c.type() == CandidateType.SRFLX).count() == 2,
                local.toString());
        alice.close();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

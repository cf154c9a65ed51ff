package org.sipice.ice.internal.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.junit.jupiter.api.Test;
import org.sipice.internal.concurrent.FakeScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.stun.Retransmission;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunTransactions;
import org.sipice.ice.internal.engine.stun.TransactionId;

/** docs/ENGINE.md "How a packet flows", one datagram at a time. */
class PacketDemuxTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 40000);
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 50000);
    private static final InetSocketAddress TURN = new InetSocketAddress("192.0.2.5", 3478);

    private final FakeScheduler time = new FakeScheduler();
    private final StunTransactions transactions = new StunTransactions(time);
    private final DropLog drops = new DropLog("test", time);
    private final List<String> seen = new ArrayList<>();
    private final PacketDemux demux = new PacketDemux(transactions, drops,
            (on, component, data, length, from) -> seen.add("media " + component + " " + length + " from " + from.getPort()));
    private final DatagramPort port = new FakeNetwork(time).open(LOCAL, (p, d, l, f) -> { });

    {
        demux.component(port, 2);
        demux.checks(new PacketDemux.Checks() {
            @Override
            public void onRequest(DatagramPort on, Message request, byte[] raw, InetSocketAddress from) {
                seen.add("request " + Integer.toHexString(request.getMessageType()) + " from " + from.getPort());
            }

            @Override
            public void onMedia(DatagramPort on, InetSocketAddress from, int length) {
                seen.add("counted " + length);
            }
        });
    }

    @Test
    void mediaIsCountedByTheAgentThenGivenToTheApplicationWithThePortsComponent() {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;

        demux.onPacket(port, rtp, rtp.length, PEER);

        assertEquals(List.of("counted 172", "media 2 172 from 50000"), seen);
    }

    @Test
    void aStunRequestGoesToTheAgentAndAResponseToItsTransaction() throws Exception {
        Request check = MessageFactory.createBindingRequest();
        check.setTransactionID(TransactionId.random().bytes());
        byte[] raw = StunCodec.encode(check, null, true);
        demux.onPacket(port, raw, raw.length, PEER);

        boolean[] answered = {false};
        StunTransactions.Transaction t = transactions.send(MessageFactory.createBindingRequest(), null, port, PEER,
                Retransmission.RFC_8489, new StunTransactions.Outcome() {
                    @Override
                    public boolean onResponse(Response response, byte[] r, InetSocketAddress from, Duration rtt) {
                        answered[0] = true;
                        return true;
                    }

                    @Override
                    public void onTimeout() {
                    }
                });
        Response response = MessageFactory.createBindingResponse(check,
                new org.ice4j.TransportAddress(PEER, org.ice4j.Transport.UDP));
        response.setTransactionID(t.id().bytes());
        byte[] answer = StunCodec.encode(response, null, true);
        demux.onPacket(port, answer, answer.length, PEER);

        assertEquals(List.of("request 1 from 50000"), seen);
        assertTrue(answered[0]);
        // The same response again matches nothing: dropped, counted, not thrown.
        demux.onPacket(port, answer, answer.length, PEER);
        assertEquals(1, drops.count());
    }

    @Test
    void malformedStunIsDroppedAndCountedNeverThrown() {
        // A STUN header (RFC 8489 §5) whose one attribute claims 100 bytes of an 8-byte body.
        byte[] junk = new byte[28];
        junk[1] = 0x01; // Binding request
        junk[3] = 8;
        junk[4] = 0x21;
        junk[5] = 0x12;
        junk[6] = (byte) 0xA4;
        junk[7] = 0x42;
        junk[21] = 0x06; // USERNAME
        junk[23] = 100;
        assertTrue(StunCodec.isStun(junk, junk.length));

        for (int i = 0; i < 1000; i++) {
            demux.onPacket(port, junk, junk.length, PEER);
        }

        assertEquals(List.of(), seen);
        assertEquals(1000, drops.count());
    }

    @Test
    void theTurnServersPacketsGoToItsClientFirstAndWhatItRefusesGoesOn() {
        List<String> atTurn = new ArrayList<>();
        demux.turn(port, TURN, (data, length, from) -> {
            atTurn.add(length + " bytes");
            return length == 4; // ChannelData-sized: the client's; anything else is not
        });
        byte[] mine = {0x40, 0, 0, 0};
        byte[] notMine = new byte[12];
        notMine[0] = (byte) 0x80;

        demux.onPacket(port, mine, mine.length, TURN);
        demux.onPacket(port, notMine, notMine.length, TURN);
        demux.onPacket(port, mine, mine.length, PEER); // the same bytes from elsewhere are media

        assertEquals(List.of("4 bytes", "12 bytes"), atTurn);
        assertEquals(List.of("counted 12", "media 2 12 from 3478", "counted 4", "media 2 4 from 50000"), seen);
    }
}

package org.sipice.ice.internal.engine.mux;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * A stand-in for one muxed ICE session in tests: what the mux delivers is written down as one
 * line per datagram; an authenticated check is answered and its sender bound (RFC 8445 §7.3),
 * as the engine's session does. A datagram delivered off the session's thread is written down as
 * such, so a test sees it.
 */
final class MuxSession {
    final String ufrag;
    final String pwd;
    final Scheduler scheduler;
    final BlockingQueue<String> got = new LinkedBlockingQueue<>();
    MuxedPort port;

    MuxSession(String ufrag, String pwd, Scheduler scheduler) {
        this.ufrag = ufrag;
        this.pwd = pwd;
        this.scheduler = scheduler;
    }

    MuxSession on(UdpMux mux) {
        port = mux.register(ufrag, scheduler, this::onPacket);
        return this;
    }

    /** The next line written down, or "nothing" after 5 s. */
    String next() throws InterruptedException {
        String line = got.poll(5, TimeUnit.SECONDS);
        return line == null ? "nothing" : line;
    }

    private void onPacket(DatagramPort at, byte[] data, int length, InetSocketAddress from) {
        if (!scheduler.inThread()) {
            got.add("off the session's thread");
            return;
        }
        if (!StunCodec.isStun(data, length)) {
            got.add("media '" + new String(data, 0, length, StandardCharsets.US_ASCII) + "' from " + from.getPort());
            return;
        }
        try {
            Message m = StunCodec.decode(data, length);
            TransactionId id = TransactionId.of(m.getTransactionID());
            if (m instanceof Response) {
                got.add("response " + id + " from " + from.getPort());
            } else if (StunCodec.integrityValid(m, data, StunCodec.shortTermKey(pwd))) {
                // Bound before it is written down: a test that sees the line may send media at once.
                port.bind(from);
                got.add("check from " + from.getPort());
                Response ok = MessageFactory.createBindingResponse((Request) m, new TransportAddress(from, Transport.UDP));
                ok.setTransactionID(m.getTransactionID());
                byte[] bytes = StunCodec.encode(ok, StunCodec.shortTermKey(pwd), true);
                port.send(bytes, 0, bytes.length, from);
            } else {
                got.add("unauthenticated check from " + from.getPort());
            }
        } catch (StunFormatException | org.ice4j.StunException e) {
            got.add("malformed " + e.getMessage());
        }
    }
}

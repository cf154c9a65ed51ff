package org.sipice.ice.internal.engine.mux;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/** A remote peer of a muxed session in tests: a plain UDP socket on loopback. */
final class MuxPeer implements AutoCloseable {
    final DatagramSocket socket;

    MuxPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5000);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** A check for {@code to} (RFC 8445 §7.2.2: USERNAME "receiver:sender", MESSAGE-INTEGRITY with its pwd). */
    TransactionId check(InetSocketAddress mux, MuxSession to) throws IOException {
        return check(mux, to.ufrag, to.pwd);
    }

    TransactionId check(InetSocketAddress mux, String receiverUfrag, String receiverPwd) throws IOException {
        Request r = MessageFactory.createBindingRequest();
        TransactionId id = TransactionId.random();
        try {
            r.setTransactionID(id.bytes());
        } catch (org.ice4j.StunException e) {
            throw new IllegalStateException(e);
        }
        r.putAttribute(AttributeFactory.createUsernameAttribute(receiverUfrag + ":peer" + port()));
        r.putAttribute(AttributeFactory.createPriorityAttribute(0x6e0001ffL));
        send(mux, StunCodec.encode(r, StunCodec.shortTermKey(receiverPwd), true));
        return id;
    }

    void media(InetSocketAddress mux, String text) throws IOException {
        send(mux, text.getBytes(StandardCharsets.US_ASCII));
    }

    void send(InetSocketAddress to, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** The transaction id of the next STUN message this peer receives, or "nothing" after 5 s. */
    String nextStun() throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return "nothing";
        }
        if (!StunCodec.isStun(buf, p.getLength())) {
            return "not STUN";
        }
        try {
            Message m = StunCodec.decode(buf, p.getLength());
            return (m.getMessageType() == Message.BINDING_SUCCESS_RESPONSE ? "success " : "other ")
                    + TransactionId.of(m.getTransactionID()) + " from " + p.getPort();
        } catch (Exception e) {
            return "malformed";
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

package org.sipice.ice.internal.engine.turn;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.sipice.ice.internal.engine.net.DatagramPort;

/**
 * Text in datagrams, for the TURN client tests against coturn: a peer's plain socket and the
 * client's relayed port send readable words, so that what was relayed reads in the assertion.
 */
final class TextDatagrams {
    private TextDatagrams() {
    }

    /** {@code text} from a peer's socket to {@code to}. */
    static void send(DatagramSocket socket, String text, InetSocketAddress to) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    /** {@code text} from one of the client's ports (a relayed one: through coturn) to {@code to}. */
    static void send(DatagramPort port, String text, InetSocketAddress to) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        port.send(b, 0, b.length, to);
    }
}

package org.sipice.stun;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sipice.internal.concurrent.Executors;

/**
 * A minimal STUN Binding responder (RFC 8489 §3, §14.2) for the demo and fast unit tests. It
 * answers every Binding request with an XOR-MAPPED-ADDRESS computed by a mapping function,
 * which lets a single machine pretend to sit behind a NAT: map {@code 127.0.0.1:p} to
 * {@code 127.0.0.2:p} and the client learns a server-reflexive candidate.
 *
 * <p>Not a real server: no authentication, no RFC 5780, no TURN. Real-server tests use coturn.
 */
public final class EmbeddedStunServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(EmbeddedStunServer.class);

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;
    private static final int FINGERPRINT = 0x8028;
    private static final int FINGERPRINT_XOR = 0x5354554e;
    private static final int HEADER = 20;

    private final DatagramSocket socket;
    private final UnaryOperator<InetSocketAddress> mapping;
    private final Thread thread;
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean closed;

    private final Duration delay;

    private EmbeddedStunServer(DatagramSocket socket, UnaryOperator<InetSocketAddress> mapping,
            Duration delay) {
        this.socket = socket;
        this.mapping = mapping;
        this.delay = delay;
        this.thread = new Thread(this::serve, "sipice-stun-" + socket.getLocalPort());
        this.thread.setDaemon(true);
    }

    /** Starts a responder that reports each client's real source address. */
    public static EmbeddedStunServer start(InetAddress bind) throws IOException {
        return start(new InetSocketAddress(bind, 0), UnaryOperator.identity());
    }

    /**
     * Starts a responder on {@code bind} (port 0 picks one) that reports
     * {@code mapping.apply(source)} as the client's reflexive address.
     */
    public static EmbeddedStunServer start(InetSocketAddress bind, UnaryOperator<InetSocketAddress> mapping)
            throws IOException {
        return start(bind, mapping, Duration.ZERO);
    }

    /**
     * As {@link #start(InetSocketAddress, UnaryOperator)}, answering each request {@code delay}
     * late: a STUN server that far away, for latency measurements.
     */
    public static EmbeddedStunServer start(InetSocketAddress bind, UnaryOperator<InetSocketAddress> mapping,
            Duration delay) throws IOException {
        DatagramSocket socket = new DatagramSocket(bind);
        EmbeddedStunServer server = new EmbeddedStunServer(socket, mapping, delay);
        server.thread.start();
        return server;
    }

    /** Maps the client's address to the same port on another address, like a NAT would. */
    public static UnaryOperator<InetSocketAddress> translateTo(InetAddress publicAddress) {
        return source -> new InetSocketAddress(publicAddress, source.getPort());
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Binding requests answered so far. */
    public long answered() {
        return answered.get();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("embedded STUN server stops: {}", e.toString());
                }
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength());
            // RFC 8489 §5: type with the two top bits zero, length, magic cookie.
            if (packet.getLength() < HEADER || in.getShort(packet.getOffset()) != BINDING_REQUEST
                    || in.getInt(packet.getOffset() + 4) != MAGIC_COOKIE) {
                continue;
            }
            byte[] transactionId = new byte[12];
            System.arraycopy(packet.getData(), packet.getOffset() + 8, transactionId, 0, 12);
            InetSocketAddress mapped = mapping.apply((InetSocketAddress) packet.getSocketAddress());
            byte[] response = bindingSuccess(transactionId, mapped);
            SocketAddress to = packet.getSocketAddress();
            if (delay.isZero()) {
                answer(response, to);
            } else {
                Executors.timer().schedule(() -> answer(response, to),
                        delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void answer(byte[] response, SocketAddress to) {
        if (closed) {
            return;
        }
        try {
            socket.send(new DatagramPacket(response, response.length, to));
            answered.incrementAndGet();
        } catch (IOException e) {
            LOG.debug("embedded STUN server cannot answer {}: {}", to, e.toString());
        }
    }

    static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress mapped) {
        byte[] ip = mapped.getAddress().getAddress();
        int family = ip.length == 4 ? 0x01 : 0x02;
        int xorAddressLength = 4 + ip.length;
        int length = (4 + xorAddressLength) + 8;
        ByteBuffer out = ByteBuffer.allocate(HEADER + length);
        out.putShort((short) BINDING_SUCCESS);
        out.putShort((short) length);
        out.putInt(MAGIC_COOKIE);
        out.put(transactionId);
        // RFC 8489 §14.2 XOR-MAPPED-ADDRESS: port XOR top of cookie, address XOR cookie(+tid).
        out.putShort((short) XOR_MAPPED_ADDRESS);
        out.putShort((short) xorAddressLength);
        out.put((byte) 0);
        out.put((byte) family);
        out.putShort((short) (mapped.getPort() ^ (MAGIC_COOKIE >>> 16)));
        byte[] mask = new byte[16];
        ByteBuffer.wrap(mask).putInt(MAGIC_COOKIE).put(transactionId);
        for (int i = 0; i < ip.length; i++) {
            out.put((byte) (ip[i] ^ mask[i]));
        }
        // RFC 8489 §14.7 FINGERPRINT over everything before it, length already counting it.
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putShort((short) FINGERPRINT);
        out.putShort((short) 4);
        out.putInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        return out.array();
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "embedded STUN " + address();
    }

}

package org.sipice.stun;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A STUN Binding responder that answers every request after a fixed delay, as a server across
 * the Internet would (a round trip of 50 ms is typical). A test double for latency figures; the
 * responses are {@link EmbeddedStunServer}'s, reporting {@code mapping.apply(client)}.
 */
public final class DelayedStunServer implements AutoCloseable {
    private static final int BINDING_REQUEST = 0x0001;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int HEADER = 20;

    private final DatagramSocket socket;
    private final Duration delay;
    private final UnaryOperator<InetSocketAddress> mapping;
    private final ScheduledExecutorService replies;
    private final Thread reader;
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean closed;

    private DelayedStunServer(DatagramSocket socket, Duration delay, UnaryOperator<InetSocketAddress> mapping) {
        this.socket = socket;
        this.delay = delay;
        this.mapping = mapping;
        this.replies = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "delayed-stun-reply"));
        this.reader = daemon(this::serve, "delayed-stun-" + socket.getLocalPort());
    }

    /**
     * Starts a responder on {@code bind} (port 0 picks one) answering after {@code delay}; see
     * {@link EmbeddedStunServer#translateTo} for a mapping that looks like a NAT.
     */
    public static DelayedStunServer start(InetSocketAddress bind, Duration delay,
            UnaryOperator<InetSocketAddress> mapping) throws IOException {
        DelayedStunServer server = new DelayedStunServer(new DatagramSocket(bind), delay, mapping);
        server.reader.start();
        return server;
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
                return; // closed
            }
            ByteBuffer in = ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength());
            // RFC 8489 §5: a Binding request carries the magic cookie.
            if (packet.getLength() < HEADER || in.getShort(packet.getOffset()) != BINDING_REQUEST
                    || in.getInt(packet.getOffset() + 4) != MAGIC_COOKIE) {
                continue;
            }
            byte[] transactionId = new byte[12];
            System.arraycopy(packet.getData(), packet.getOffset() + 8, transactionId, 0, 12);
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            byte[] response = EmbeddedStunServer.bindingSuccess(transactionId, mapping.apply(client));
            replies.schedule(() -> reply(response, client), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void reply(byte[] response, InetSocketAddress client) {
        try {
            socket.send(new DatagramPacket(response, response.length, client));
            answered.incrementAndGet();
        } catch (IOException e) {
            // closed meanwhile
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        socket.close();
        replies.shutdownNow();
        reader.join(1000);
    }
}

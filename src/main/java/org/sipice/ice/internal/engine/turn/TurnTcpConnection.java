package org.sipice.ice.internal.engine.turn;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.net.StreamChannels;
import org.sipice.ice.internal.engine.net.StreamWriter;

/**
 * The TCP connection of a TURN client to its server (RFC 8656 §3.1), seen as the port the client
 * sends from: a Netty channel registered on the session's loop, so that what arrives is read on
 * the session's thread (no thread per connection). Each STUN or ChannelData message sent is
 * written to the stream as it is, ChannelData padded to a multiple of 4 bytes (RFC 8656 §12.5);
 * what arrives is cut back into messages ({@link StreamFraming}) and given to the receiver as if
 * it were a datagram from the server. Sends made while connecting wait for the connection.
 *
 * <p>Over TLS ({@link TurnTls}, RFC 8656 §3.1) the same messages go through the TLS record layer:
 * sends wait for the handshake, and a handshake that fails, the server's certificate refused, is
 * reported to {@code onRejected} (then to {@code onLost}); there is no fall back to plain TCP.
 *
 * <p>A connection that cannot be made, drops, or carries something unreadable is reported once
 * to {@code onLost} with its reason; a connection closed by {@link #close()} is not.
 */
final class TurnTcpConnection extends ChannelInboundHandlerAdapter implements DatagramPort {
    private final LoopScheduler scheduler;
    private final InetSocketAddress server;
    private final PacketReceiver receiver;
    private final Consumer<String> onLost;
    /** Over TLS, the engine and its verification; null over plain TCP. */
    private final TurnTls tls;
    private final Consumer<TlsRejection> onRejected;
    private final StreamFraming framing = new StreamFraming();
    private final Channel channel;
    private final StreamWriter writer;
    private volatile boolean closed;
    private boolean lost;

    private TurnTcpConnection(IceLoop loops, LoopScheduler scheduler, InetAddress local, InetSocketAddress server,
            TurnTls tls, PacketReceiver receiver, Consumer<String> onLost, Consumer<TlsRejection> onRejected) {
        this.scheduler = scheduler;
        this.server = server;
        this.receiver = receiver;
        this.onLost = onLost;
        this.tls = tls;
        this.onRejected = onRejected;
        ChannelFuture connecting = StreamChannels.connect(loops, scheduler, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.handler());
                }
                ch.pipeline().addLast(TurnTcpConnection.this);
            }
        }, local, server);
        this.channel = connecting.channel();
        this.writer = new StreamWriter(channel, Integer.MAX_VALUE);
        if (tls != null) {
            // The handshake starts once connected; messages wait for its end.
            tls.handler().handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    ready();
                } else if (connecting.isSuccess()) {
                    handshakeFailed(h.cause());
                }
            });
        }
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                if (tls == null) {
                    ready();
                }
            } else {
                // Later on the loop: a connect can fail before open() has returned to its caller.
                String reason = "cannot connect over TCP: " + f.cause().getMessage();
                scheduler.execute(() -> lose(reason));
            }
        });
    }

    /**
     * Connects from {@code local} (any port) to {@code server} on the loop of {@code scheduler},
     * then, with {@code tls} (null for plain TCP), makes the TLS handshake; returns at once.
     */
    static TurnTcpConnection open(IceLoop loops, LoopScheduler scheduler, InetAddress local, InetSocketAddress server,
            TurnTls tls, PacketReceiver receiver, Consumer<String> onLost, Consumer<TlsRejection> onRejected) {
        return new TurnTcpConnection(loops, scheduler, local, server, tls, receiver, onLost, onRejected);
    }

    private void ready() {
        writer.ready();
    }

    /** RFC 8656 §3.1: a server that fails verification is not used, over TLS or otherwise. */
    private void handshakeFailed(Throwable cause) {
        if (closed || lost) {
            return;
        }
        TlsRejection rejection = tls.rejection(cause);
        onRejected.accept(rejection);
        lose(rejection.reason());
        channel.close();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Writes one message to the stream; {@code to} is always the server. */
    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        byte[] message = ChannelData.looksLike(data, length)
                ? Arrays.copyOfRange(data, offset, offset + StreamFraming.padded(length)) // zero padding, §12.5
                : Arrays.copyOfRange(data, offset, offset + length);
        if (!scheduler.inThread()) {
            scheduler.execute(() -> sendOnLoop(message));
            return;
        }
        sendOnLoop(message);
    }

    private void sendOnLoop(byte[] message) {
        if (closed || lost) {
            return;
        }
        writer.send(message);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] bytes = StreamChannels.take(msg);
        try {
            framing.feed(bytes, 0, bytes.length, (message, length) -> {
                if (!closed) {
                    receiver.onPacket(this, message, length, server);
                }
            });
        } catch (StreamFraming.FramingException e) {
            lose("unreadable TCP stream: " + e.getMessage());
            channel.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tls != null && !writer.isReady()) {
            handshakeFailed(null);
            return;
        }
        lose("the TCP connection was closed by the server or the network");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tls != null && !writer.isReady()) {
            handshakeFailed(cause);
            return;
        }
        lose("the TCP connection failed: " + cause.getMessage());
        channel.close();
    }

    private void lose(String reason) {
        if (closed || lost) {
            return;
        }
        lost = true;
        writer.drop();
        onLost.accept(reason);
    }

    @Override
    public boolean isOpen() {
        return !closed && !lost && channel.isOpen();
    }

    /** Closes the connection; idempotent, never blocks. */
    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    @Override
    public String toString() {
        return (tls == null ? "tcp " : "tls ") + channel.localAddress() + " to " + server;
    }
}

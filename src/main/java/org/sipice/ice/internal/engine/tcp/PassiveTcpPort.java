package org.sipice.ice.internal.engine.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * A passive host TCP candidate (RFC 6544 §4.1: "tcptype passive"): a listening socket on the
 * session's loop whose accepted connections carry the peer's checks and, once a pair on one of
 * them is selected, the media. It never opens a connection (RFC 6544 §6.2); it answers and sends
 * triggered checks on the connection the peer's check came on (RFC 6544 §7.2), the 5-tuple it
 * learnt by accepting it.
 */
final class PassiveTcpPort extends TcpCandidatePort {
    /** Connections not yet accepted by the loop; the candidate accepts at most {@link #MAX_CONNECTIONS}. */
    private static final int BACKLOG = 16;

    private Channel server;
    private volatile InetSocketAddress localAddress;

    private PassiveTcpPort(LoopScheduler scheduler, PacketReceiver receiver) {
        super(scheduler, receiver, (port, remote) -> { }); // accepted connections were all made
    }

    /** Listens on {@code address} (any free port); completes on the session's loop. */
    static CompletableFuture<PassiveTcpPort> listen(IceLoop loops, LoopScheduler scheduler, InetAddress address,
            PacketReceiver receiver) {
        PassiveTcpPort port = new PassiveTcpPort(scheduler, receiver);
        CompletableFuture<PassiveTcpPort> result = new CompletableFuture<>();
        ChannelFuture bound = new ServerBootstrap()
                .group(scheduler.loop(), scheduler.loop()) // accepted connections on the session's thread too
                .channelFactory(loops::newServerSocketChannel)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        port.accepted(ch);
                    }
                })
                .bind(new InetSocketAddress(address, 0));
        bound.addListener(f -> {
            if (f.isSuccess()) {
                port.server = bound.channel();
                port.localAddress = (InetSocketAddress) bound.channel().localAddress();
                result.complete(port);
            } else {
                result.completeExceptionally(new IOException("cannot listen on TCP " + address.getHostAddress()
                        + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    private void accepted(SocketChannel ch) {
        InetSocketAddress remote = ch.remoteAddress();
        if (closed || connections.size() >= MAX_CONNECTIONS || connections.containsKey(remote)) {
            ch.close();
            return;
        }
        TcpConnection c = TcpConnection.accepted(ch, this);
        connections.put(remote, c);
        ch.pipeline().addLast(c);
    }

    @Override
    TcpConnection connectionTo(InetSocketAddress to) {
        return connections.get(to);
    }

    @Override
    void closeOwn() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "tcp passive " + localAddress;
    }
}

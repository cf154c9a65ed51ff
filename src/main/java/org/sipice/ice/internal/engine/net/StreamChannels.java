package org.sipice.ice.internal.engine.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;

/**
 * The stream plumbing the engine's TCP connections share, an ICE-TCP connection (RFC 6544) and a
 * TURN client's connection to its server (RFC 8656 §3.1): connecting a channel on the session's
 * loop, writing a message, taking the bytes of what was read. How the bytes are framed, what waits
 * for the connection and what a failure means stay with each connection.
 */
public final class StreamChannels {
    private StreamChannels() {
    }

    /**
     * Connects from {@code local} (any port) to {@code remote} on the loop of {@code scheduler},
     * {@code handler} on the channel; returns at once. Media go in small packets: no Nagle delay.
     */
    public static ChannelFuture connect(IceLoop loops, LoopScheduler scheduler, ChannelHandler handler,
            InetAddress local, InetSocketAddress remote) {
        return new Bootstrap()
                .group(scheduler.loop())
                .channelFactory(loops::newSocketChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler)
                .connect(remote, new InetSocketAddress(local, 0));
    }

    /** Writes {@code bytes} as they are and flushes, asking for no result. */
    public static void write(Channel channel, byte[] bytes) {
        channel.writeAndFlush(channel.alloc().buffer(bytes.length).writeBytes(bytes), channel.voidPromise());
    }

    /** A copy of the bytes of {@code msg}, a buffer read from a stream channel, which is released. */
    public static byte[] take(Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            byte[] bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
            return bytes;
        } finally {
            in.release();
        }
    }
}

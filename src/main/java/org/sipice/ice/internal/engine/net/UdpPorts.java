package org.sipice.ice.internal.engine.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;

/**
 * Opens UDP ports on the shared event loops: a Netty datagram channel per port, registered on the
 * session's own loop so that its packets are read on the session's thread. No thread per socket.
 */
public final class UdpPorts {
    /**
     * A session's port: RFC 8445 §12, media follows checks on the same socket; 256 KB absorbs a
     * burst of a few hundred packets while the loop serves other sessions.
     */
    public static final int RECEIVE_BUFFER = 256 * 1024;

    private UdpPorts() {
    }

    /**
     * Binds {@code local} (port 0 = any free port) on the loop of {@code scheduler}. Completes on
     * that loop with the open port, or exceptionally with the bind error (address in use,
     * address not local). While a test has installed a {@link PortTap}, the port is seen through it.
     */
    public static CompletableFuture<DatagramPort> bind(IceLoop loops, LoopScheduler scheduler,
            InetSocketAddress local, PacketReceiver receiver) {
        return bind(loops, scheduler, local, receiver, RECEIVE_BUFFER);
    }

    /** As {@link #bind(IceLoop, LoopScheduler, InetSocketAddress, PacketReceiver)}, with its own SO_RCVBUF. */
    public static CompletableFuture<DatagramPort> bind(IceLoop loops, LoopScheduler scheduler,
            InetSocketAddress local, PacketReceiver receiver, int receiveBuffer) {
        PortTap tap = PortTap.installed();
        if (tap != null) {
            return PortTap.open(tap, receiver, r -> bindChannel(loops, scheduler, local, r, receiveBuffer));
        }
        return bindChannel(loops, scheduler, local, receiver, receiveBuffer);
    }

    private static CompletableFuture<DatagramPort> bindChannel(IceLoop loops, LoopScheduler scheduler,
            InetSocketAddress local, PacketReceiver receiver, int receiveBuffer) {
        CompletableFuture<DatagramPort> result = new CompletableFuture<>();
        NettyPort port = new NettyPort(receiver);
        Bootstrap b = new Bootstrap()
                .group(scheduler.loop())
                .channelFactory(loops::newDatagramChannel)
                .option(ChannelOption.SO_RCVBUF, receiveBuffer)
                .handler(port);
        ChannelFuture bound = b.bind(local);
        bound.addListener(f -> {
            if (f.isSuccess()) {
                port.channel = bound.channel();
                port.localAddress = (InetSocketAddress) bound.channel().localAddress();
                result.complete(port);
            } else {
                result.completeExceptionally(new IOException("cannot bind UDP " + local + ": "
                        + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    private static final class NettyPort extends SimpleChannelInboundHandler<DatagramPacket> implements DatagramPort {
        private final PacketReceiver receiver;
        private volatile Channel channel;
        private volatile InetSocketAddress localAddress;

        NettyPort(PacketReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            byte[] data = new byte[length];
            content.getBytes(content.readerIndex(), data);
            receiver.onPacket(this, data, length, packet.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP error surfaced as PortUnreachableException and the like: UDP loses packets,
            // the checks and consent (RFC 7675) decide what it means. Nothing to close.
        }

        @Override
        public InetSocketAddress localAddress() {
            return localAddress;
        }

        @Override
        public void send(byte[] data, int offset, int length, InetSocketAddress to) {
            Channel c = channel;
            if (c == null || !c.isActive()) {
                return;
            }
            // A copy: the caller may reuse its array as soon as send returns, before the loop writes.
            ByteBuf copy = c.alloc().buffer(length).writeBytes(data, offset, length);
            c.writeAndFlush(new DatagramPacket(copy, to), c.voidPromise());
        }

        @Override
        public boolean isOpen() {
            Channel c = channel;
            return c != null && c.isOpen();
        }

        @Override
        public void close() {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }

        @Override
        public String toString() {
            return "udp " + localAddress;
        }
    }
}

package org.sipice.ice.internal.engine.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.StreamChannels;
import org.sipice.ice.internal.engine.net.StreamWriter;

/**
 * One ICE-TCP connection (RFC 6544 §3): a Netty channel on the session's loop carrying RFC 4571
 * framed packets, checks and media alike, to and from one remote transport address. Opened by an
 * active candidate on its first check (RFC 6544 §7.1) or accepted by a passive one. Packets sent
 * while connecting wait for the connection (at most {@link #MAX_WAITING}). Session thread only.
 */
final class TcpConnection extends ChannelInboundHandlerAdapter {
    /**
     * Packets held while the connection is being made: a check and its retransmissions, and the
     * first media; beyond that they are dropped, as a datagram the network lost.
     */
    static final int MAX_WAITING = 64;

    /** The candidate's side of a connection; called on the session's thread. */
    interface Owner {
        void onPacket(TcpConnection connection, byte[] data, int length);

        /** The connection failed, was closed by the peer, or by {@link #close()}; once. */
        void onClosed(TcpConnection connection);
    }

    private final InetSocketAddress remote;
    private final Owner owner;
    private final Rfc4571Framing framing = new Rfc4571Framing();
    private Channel channel;
    private StreamWriter writer;
    private boolean everConnected;
    private boolean closed;

    private TcpConnection(InetSocketAddress remote, Owner owner) {
        this.remote = remote;
        this.owner = owner;
    }

    /** A connection a passive candidate accepted: already connected; its handler is the result. */
    static TcpConnection accepted(Channel channel, Owner owner) {
        TcpConnection c = new TcpConnection((InetSocketAddress) channel.remoteAddress(), owner);
        c.channel = channel;
        c.writer = StreamWriter.ready(channel);
        c.everConnected = true;
        return c;
    }

    /** An active candidate's connection from {@code local} (any port) to {@code remote}; returns at once. */
    static TcpConnection connect(IceLoop loops, LoopScheduler scheduler, InetAddress local, InetSocketAddress remote,
            Owner owner) {
        TcpConnection c = new TcpConnection(remote, owner);
        ChannelFuture connecting = StreamChannels.connect(loops, scheduler, c, local, remote);
        c.channel = connecting.channel();
        c.writer = new StreamWriter(c.channel, MAX_WAITING);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                c.everConnected = true;
                c.writer.ready();
            } else {
                // Later on the loop: a connect can fail before connect() has returned to its caller.
                scheduler.execute(c::close);
            }
        });
        return c;
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** False for a connection that could not be made (refused, unreachable). */
    boolean everConnected() {
        return everConnected;
    }

    /** Sends one packet, already framed ({@link Rfc4571Framing#frame}). */
    void send(byte[] framed) {
        if (closed) {
            return;
        }
        writer.send(framed);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] bytes = StreamChannels.take(msg);
        framing.feed(bytes, 0, bytes.length, (data, length) -> {
            if (!closed) {
                owner.onPacket(this, data, length);
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(); // a reset or a refused connection: the checks and consent (RFC 7675) notice
    }

    /** Closes the connection and tells the owner; idempotent, never blocks. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.drop();
        channel.close();
        owner.onClosed(this);
    }

    @Override
    public String toString() {
        return "tcp " + channel.localAddress() + " to " + remote;
    }
}

package org.sipice.ice.internal.engine.loop;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.sipice.internal.concurrent.Scheduler;

/**
 * The event loops every ICE session of the process runs on: as many threads as cores, whatever
 * the number of sessions, created on first use and shared. Each session is pinned to one loop
 * ({@link #scheduler()}), which serialises its work; its sockets are registered on the same loop,
 * so a packet, a timer and an API call of one session never run at the same time.
 *
 * <p>Timers use the loop's own scheduled-task queue rather than a separate wheel thread: a timer
 * then fires on the session's thread with no hand-over, and the queue's O(log n) insertion is
 * negligible at tens of thousands of timers (docs/ARCHITECTURE.md, "The engine").
 *
 * <p>Native epoll where Netty's transport loads (Linux), NIO otherwise.
 */
public final class IceLoop {

    /** Event loops: one per core (at least 2), the model Netty's servers use. */
    public static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final class Holder {
        static final IceLoop SHARED = new IceLoop(THREADS);
    }

    private final EventLoopGroup group;
    private final Supplier<DatagramChannel> datagramChannels;
    private final Supplier<SocketChannel> socketChannels;
    private final boolean epoll;

    private IceLoop(int threads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // Daemon threads: an application that forgets to close a session can still exit.
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sipice-ice", true), io);
        this.datagramChannels = epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
        this.socketChannels = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
    }

    /** The process-wide loops, started on first use. */
    public static IceLoop shared() {
        return Holder.SHARED;
    }

    /** A scheduler on the next loop (round robin): one per session. */
    public Scheduler scheduler() {
        return new LoopScheduler(group.next());
    }

    /** A scheduler on each of the loops, in order (a warm-up that must reach every loop). */
    public List<LoopScheduler> everyLoop() {
        List<LoopScheduler> all = new ArrayList<>();
        for (EventExecutor e : group) {
            all.add(new LoopScheduler((EventLoop) e));
        }
        return all;
    }

    /** A scheduler on a given loop: for sockets and state that must share a session's thread. */
    static Scheduler scheduler(EventLoop loop) {
        return new LoopScheduler(loop);
    }

    /** A new unregistered datagram channel of the loops' transport (epoll or NIO). */
    public DatagramChannel newDatagramChannel() {
        return datagramChannels.get();
    }

    /** A new unregistered TCP client channel of the loops' transport (TURN over TCP). */
    public SocketChannel newSocketChannel() {
        return socketChannels.get();
    }

    /** A new unregistered TCP listening channel of the loops' transport (ICE-TCP passive candidates). */
    public ServerSocketChannel newServerSocketChannel() {
        return epoll ? new EpollServerSocketChannel() : new NioServerSocketChannel();
    }

    /** True when the native epoll transport is in use. */
    public boolean epoll() {
        return epoll;
    }
}

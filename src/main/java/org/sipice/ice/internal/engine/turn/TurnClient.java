package org.sipice.ice.internal.engine.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.message.Indication;
import org.ice4j.message.Message;
import org.ice4j.message.Response;
import org.sipice.ice.IceEvent;
import org.sipice.ice.TurnServer;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/**
 * A TURN client (RFC 8656) for one allocation, over UDP from one host port or over its own TCP
 * connection to the server ({@link #overTcp}, RFC 8656 §3.1): allocation with
 * long-term credentials, refresh, permissions and channels installed and renewed as the relayed
 * port sends, deletion on close (docs/ENGINE.md, "TURN client").
 *
 * <p>Runs on the session's {@link Scheduler}: {@link #onPacket} is called on its thread by the
 * session's demultiplexer; {@link #allocate()} and {@link #close()} may be called from any thread
 * and post to it. Never blocks.
 */
public final class TurnClient {
    private static final Logger LOG = LogManager.getLogger(TurnClient.class);

    private final Scheduler scheduler;
    private final StunTransactions transactions;
    private final InetSocketAddress serverAddress;
    private final TurnRequests requests;
    private final Allocation allocation;
    private final Permissions permissions;
    private final Channels channels;
    private final DatagramPort requestsPort;
    private final RelayedPort relayedPort;
    /** Over TCP, the connection to the server; null over UDP. */
    private final TurnTcpConnection connection;
    private boolean closed;

    /**
     * @param transactions the session's client transactions (responses arrive through {@link #onPacket})
     * @param hostPort     the host candidate's port the allocation is made from
     * @param componentId  the component of the relayed candidate (1 RTP, 2 RTCP), for events
     * @param events       {@code TurnAllocated}, {@code TurnRefreshed}, {@code TurnRefreshFailed}, on the session's thread
     * @param relayed      where datagrams relayed from peers go, with {@link #relayedPort()} as their port
     */
    public TurnClient(Scheduler scheduler, StunTransactions transactions, DatagramPort hostPort, TurnServer server,
            int componentId, Consumer<IceEvent> events, PacketReceiver relayed) {
        this(scheduler, transactions, hostPort, null, server, componentId, events, relayed);
    }

    /**
     * A client whose messages to the server go over a TCP connection from {@code local} (any
     * port), opened now on the session's loop, with TLS when the server's transport is TLS
     * (RFC 8656 §3.1); what the server sends comes back to {@link #onPacket} on that loop. A
     * connection that cannot be made or drops fails the Allocate, or loses the allocation with a
     * {@code TurnRefreshFailed} event, giving the reason; a TLS server refused is first a
     * {@code TurnTlsFailed} event.
     *
     * @throws IOException the server's CA file cannot be read
     */
    public static TurnClient overTcp(IceLoop loops, LoopScheduler scheduler, StunTransactions transactions,
            InetAddress local, TurnServer server, int componentId, Consumer<IceEvent> events,
            PacketReceiver relayed) throws IOException {
        TurnClient[] client = new TurnClient[1];
        TurnTls tls = server.transport() == TurnServer.Transport.TLS ? TurnTls.forServer(server) : null;
        TurnTcpConnection connection = TurnTcpConnection.open(loops, scheduler, local, server.address(), tls,
                (port, data, length, from) -> client[0].onPacket(data, length, from),
                reason -> client[0].connectionLost(reason),
                refused -> events.accept(new IceEvent.TurnTlsFailed(server.toString(), componentId, refused.failure(),
                        refused.detail())));
        client[0] = new TurnClient(scheduler, transactions, connection, connection, server, componentId, events,
                relayed);
        return client[0];
    }

    private TurnClient(Scheduler scheduler, StunTransactions transactions, DatagramPort hostPort,
            TurnTcpConnection connection, TurnServer server, int componentId, Consumer<IceEvent> events,
            PacketReceiver relayed) {
        this.connection = connection;
        this.scheduler = scheduler;
        this.transactions = transactions;
        this.serverAddress = server.address();
        this.requestsPort = hostPort;
        String name = server.toString();
        this.requests = new TurnRequests(transactions, hostPort, serverAddress,
                new LongTermCredentials(server.username(), server.password()), connection != null);
        this.allocation = new Allocation(scheduler, requests, name, componentId, events, this::granted, this::stop);
        this.permissions = new Permissions(scheduler, requests, allocation::keepFailed);
        this.channels = new Channels(scheduler, requests, allocation::keepFailed);
        this.relayedPort = new RelayedPort(scheduler, hostPort, serverAddress, permissions, channels, relayed,
                this::close);
    }

    /**
     * Asks the server for an allocation (RFC 8656 §7.1); the first call sends, later ones return
     * the same future. Fails with a {@link TurnException} naming the server and its error code:
     * wrong credentials (401), 437, 486, any other error, or silence.
     */
    public CompletableFuture<TurnAllocation> allocate() {
        return allocate(RelayFamilies.IPV4);
    }

    /**
     * As {@link #allocate()}, for relayed addresses of {@code families} (RFC 8656 §7.1): an IPv6
     * relay, or a dual allocation whose second address comes out of {@link #additionalRelayedPort()}.
     */
    public CompletableFuture<TurnAllocation> allocate(RelayFamilies families) {
        onLoop(() -> allocation.start(families));
        return allocation.future();
    }

    /**
     * The second relayed address of a dual allocation as a port of its own (RFC 8656 §7.3): the
     * same allocation, permissions and channels; {@code localAddress()} is null without one.
     */
    public DatagramPort additionalRelayedPort() {
        return relayedPort.additional();
    }

    /**
     * A datagram that arrived on the host port from the server: responses to our requests (given
     * to the transactions), Data indications and ChannelData (their inner datagram delivered from
     * {@link #relayedPort()}). True when consumed, malformed ones included (dropped); false for
     * what is not TURN's (a STUN request or anything else), which the session handles.
     */
    public boolean onPacket(byte[] data, int length, InetSocketAddress from) {
        if (!serverAddress.equals(from) || data == null || length <= 0 || length > data.length) {
            return false;
        }
        if (ChannelData.looksLike(data, length)) {
            relayedPort.receiveChannelData(data, length);
            return true;
        }
        if (!StunCodec.isStun(data, length)) {
            return false;
        }
        byte[] raw = data.length == length ? data : Arrays.copyOf(data, length);
        Message message;
        try {
            message = StunCodec.decode(raw, length);
        } catch (StunFormatException e) {
            LOG.debug("TURN {}: dropped a malformed STUN message: {}", serverAddress, e.getMessage());
            return true;
        }
        try {
            if (message instanceof Response response) {
                transactions.onResponse(response, raw, from);
                return true;
            }
            if (message instanceof Indication indication && message.getMessageType() == Message.DATA_INDICATION) {
                relayedPort.receiveDataIndication(indication);
                return true;
            }
        } catch (RuntimeException e) {
            // An attribute ice4j decoded but cannot interpret (an unknown address family): drop it.
            LOG.debug("TURN {}: dropped a message it cannot read: {}", serverAddress, e.toString());
            return true;
        }
        return false;
    }

    /**
     * The relayed transport address as a port: {@code localAddress()} is null until the
     * allocation is granted; sending installs permissions and channels (RFC 8656 §9, §12);
     * closing it closes this client.
     */
    public DatagramPort relayedPort() {
        return relayedPort;
    }

    /**
     * Deletes the allocation (RFC 8656 §8: Refresh with LIFETIME 0, not waited for), stops every
     * refresh and the requests in progress, and shuts the relayed port. Idempotent; never blocks.
     * The host port should stay open a little (one round trip) for the deletion's answer.
     */
    public void close() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            stop();
            // Over TCP the connection closes once the deletion is answered (or at once, nothing granted).
            allocation.close(this::closeConnection);
        });
    }

    /**
     * The port messages to the server leave from: the host port over UDP, the connection over
     * TCP. It must stay open for the deletion's answer.
     */
    public DatagramPort serverPort() {
        return requestsPort;
    }

    /** Closes the TCP connection now (the session's end, after the deletion wait); no-op over UDP. */
    public void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    /** The connection to the server is gone (TCP): the allocation with it; the reason is reported. */
    private void connectionLost(String reason) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            allocation.connectionLost(reason);
            stop();
            requests.cancelAll();
            connection.close();
        });
    }

    /** No more sending, renewing or waiting: on close, or when the allocation is lost. */
    private void stop() {
        relayedPort.shut();
        permissions.close();
        channels.close();
        // An Allocate goes on: if the server grants it after all, the allocation deletes it at once.
        requests.cancelAllBut(Message.ALLOCATE_REQUEST);
    }

    private void granted(TurnAllocation granted) {
        relayedPort.open(granted.relayed(), granted.additional());
        Duration firstRefresh = TurnTimers.allocationRefresh(granted.lifetime());
        permissions.renewEvery(TurnTimers.permissionRefresh(firstRefresh));
        channels.renewEvery(TurnTimers.channelRefresh(firstRefresh));
    }

    private void onLoop(Runnable task) {
        if (scheduler.inThread()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }
}

package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.ice4j.message.Message;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.StunFormatException;
import org.sipice.ice.internal.engine.stun.StunTransactions;

/**
 * Where every datagram a session's ports read goes (docs/ENGINE.md, "How a packet flows"):
 * <ol>
 * <li>from a TURN server this host port has an allocation with: its TURN client, which takes
 *     what is its own (responses, Data indications, ChannelData) and gives the rest back;</li>
 * <li>STUN (RFC 7983 §7, {@link StunCodec#isStun}): a response to the session's transactions,
 *     a request or indication to the agent;</li>
 * <li>anything else is media: counted by the agent, then handed to the application with the
 *     port's component.</li>
 * </ol>
 * Malformed STUN and responses nobody waits for are dropped with a rate-limited debug line,
 * never an exception. Session thread only.
 */
final class PacketDemux implements PacketReceiver {

    /** The agent's side: checks from the peer and media counts. */
    interface Checks {
        void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from);

        void onMedia(DatagramPort port, InetSocketAddress from, int length);
    }

    /** The application's side: media datagrams, with the port they arrived on (the 5-tuple, RFC 8839 §7.3). */
    interface Media {
        void deliver(DatagramPort port, int componentId, byte[] data, int length, InetSocketAddress from);
    }

    /** A TURN client reading its server's packets on one host port. */
    interface Turn {
        /** True when the packet was the client's; false gives it to the next step. */
        boolean onPacket(byte[] data, int length, InetSocketAddress from);
    }

    private final StunTransactions transactions;
    private final DropLog drops;
    private final Media media;
    private final Map<DatagramPort, Integer> components = new HashMap<>();
    private final Map<DatagramPort, Map<InetSocketAddress, Turn>> turn = new HashMap<>();
    private Checks checks;
    private boolean closed;

    PacketDemux(StunTransactions transactions, DropLog drops, Media media) {
        this.transactions = transactions;
        this.drops = drops;
        this.media = media;
    }

    /** Media arriving on {@code port} belongs to {@code componentId}. */
    void component(DatagramPort port, int componentId) {
        components.put(port, componentId);
    }

    /** Packets on {@code hostPort} from {@code server} go to {@code client} first. */
    void turn(DatagramPort hostPort, InetSocketAddress server, Turn client) {
        turn.computeIfAbsent(hostPort, p -> new HashMap<>()).put(server, client);
    }

    /** Packets on {@code hostPort} from {@code server} no longer go to a TURN client (it was redirected). */
    void forgetTurn(DatagramPort hostPort, InetSocketAddress server) {
        Map<InetSocketAddress, Turn> servers = turn.get(hostPort);
        if (servers != null) {
            servers.remove(server);
        }
    }

    /** From now on checks and media counts go to {@code agent}. */
    void checks(Checks agent) {
        this.checks = agent;
    }

    /**
     * The session is closing: from now on only the TURN servers' answers are read (their
     * deletions, RFC 8656 §8); every other packet is dropped.
     */
    void close() {
        closed = true;
        checks = null;
    }

    @Override
    public void onPacket(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        Map<InetSocketAddress, Turn> servers = turn.get(port);
        if (servers != null) {
            Turn client = servers.get(from);
            if (client != null && client.onPacket(data, length, from)) {
                return;
            }
        }
        if (closed) {
            return;
        }
        if (StunCodec.isStun(data, length)) {
            stun(port, data, length, from);
            return;
        }
        Integer component = components.get(port);
        if (component == null) {
            drops.dropped("a datagram on a port of no component", from);
            return;
        }
        Checks agent = checks;
        if (agent != null) {
            agent.onMedia(port, from, length);
        }
        media.deliver(port, component, data, length, from);
    }

    private void stun(DatagramPort port, byte[] data, int length, InetSocketAddress from) {
        Message message;
        try {
            message = StunCodec.decode(data, length);
        } catch (StunFormatException e) {
            drops.dropped("malformed STUN (" + e.getMessage() + ")", from);
            return;
        }
        if (message instanceof Response response) {
            if (!transactions.onResponse(port, response, data, from)) {
                drops.dropped("a STUN response to no transaction in progress", from);
            }
            return;
        }
        Checks agent = checks;
        if (agent == null) {
            drops.dropped("a STUN request before the agent exists", from);
            return;
        }
        agent.onRequest(port, message, data, from);
    }
}

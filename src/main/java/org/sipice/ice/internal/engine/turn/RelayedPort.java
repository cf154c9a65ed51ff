package org.sipice.ice.internal.engine.turn;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.DataAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.message.Indication;
import org.ice4j.message.MessageFactory;
import org.sipice.internal.concurrent.Scheduler;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.PacketReceiver;
import org.sipice.ice.internal.engine.stun.StunCodec;
import org.sipice.ice.internal.engine.stun.TransactionId;

/**
 * The relayed transport address of an allocation as a {@link DatagramPort}: what the agent sends
 * from a relayed candidate leaves the host port toward the server as ChannelData when a channel
 * to the peer is bound (RFC 8656 §12.5), as a Send indication otherwise (§11.1); the first send
 * to a peer installs its permission and channel. What the server relays back (Data indications,
 * ChannelData) comes out to the receiver with this port and the peer's address.
 */
final class RelayedPort implements DatagramPort {
    /**
     * The largest payload relayed: a Send indication (20-byte header, XOR-PEER-ADDRESS of an IPv6
     * peer 24 bytes, DATA header 4 bytes and up to 3 of padding) must fit one UDP datagram.
     */
    static final int MAX_PAYLOAD = 65_507 - 20 - 24 - 4 - 3;

    private final Scheduler scheduler;
    private final DatagramPort hostPort;
    private final InetSocketAddress server;
    private final Permissions permissions;
    private final Channels channels;
    private final PacketReceiver receiver;
    private final Runnable onClose;
    private volatile InetSocketAddress relayed;
    /** A dual allocation's relayed address of the other family (RFC 8656 §7.3); null without. */
    private volatile InetSocketAddress additional;
    private final AdditionalRelayedPort additionalPort = new AdditionalRelayedPort(this);
    private volatile boolean closed;

    RelayedPort(Scheduler scheduler, DatagramPort hostPort, InetSocketAddress server, Permissions permissions,
            Channels channels, PacketReceiver receiver, Runnable onClose) {
        this.scheduler = scheduler;
        this.hostPort = hostPort;
        this.server = server;
        this.permissions = permissions;
        this.channels = channels;
        this.receiver = receiver;
        this.onClose = onClose;
    }

    /** The allocation was granted: the port now has its address and sends. */
    void open(InetSocketAddress relayedAddress, InetSocketAddress additionalAddress) {
        this.relayed = relayedAddress;
        this.additional = additionalAddress;
    }

    /** The dual allocation's second relayed address, as a port sending through this one. */
    AdditionalRelayedPort additional() {
        return additionalPort;
    }

    InetSocketAddress additionalAddress() {
        return additional;
    }

    /** The port a peer's datagram arrives on: the relayed address of the peer's family (RFC 8656 §7.3). */
    private DatagramPort portFor(InetSocketAddress peer) {
        InetSocketAddress second = additional;
        return second != null && (second.getAddress() instanceof Inet4Address) == (peer.getAddress() instanceof Inet4Address)
                ? additionalPort : this;
    }

    /** The allocation is gone: sends are dropped from now on. */
    void shut() {
        closed = true;
    }

    @Override
    public InetSocketAddress localAddress() {
        return relayed;
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (!scheduler.inThread()) {
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            scheduler.execute(() -> send(copy, 0, copy.length, to));
            return;
        }
        InetSocketAddress from = relayed;
        if (closed || from == null || to == null || to.isUnresolved() || length > MAX_PAYLOAD
                || !reaches(from, to) && !reaches(additional, to)) {
            return; // as UDP would: a relay of one family reaches peers of that family only (RFC 8656 §9.1)
        }
        permissions.ensure(to);
        channels.ensure(to);
        int channel = channels.boundTo(to);
        byte[] out;
        if (channel >= 0) {
            out = ChannelData.frame(channel, data, offset, length);
        } else {
            TransactionId id = TransactionId.random(); // RFC 8656 §11.1: indications need an id too
            Indication send = MessageFactory.createSendIndication(new TransportAddress(to, Transport.UDP),
                    Arrays.copyOfRange(data, offset, offset + length), id.bytes());
            try {
                send.setTransactionID(id.bytes());
            } catch (StunException e) {
                throw new IllegalStateException("12-byte transaction id refused", e);
            }
            out = StunCodec.encode(send, null, false);
        }
        hostPort.send(out, 0, out.length, server);
    }

    /**
     * A ChannelData message from the server (RFC 8656 §12.6): delivered when its length is right
     * and its channel is one we bound; dropped otherwise.
     */
    void receiveChannelData(byte[] data, int length) {
        int payload = ChannelData.payloadLength(data, length);
        if (payload < 0 || closed) {
            return;
        }
        InetSocketAddress peer = channels.peerOf(ChannelData.channel(data));
        if (peer == null) {
            return;
        }
        byte[] inner = Arrays.copyOfRange(data, ChannelData.HEADER_LENGTH, ChannelData.HEADER_LENGTH + payload);
        receiver.onPacket(portFor(peer), inner, payload, peer);
    }

    /**
     * A Data indication from the server (RFC 8656 §11.4): delivered when it names the peer
     * (XOR-PEER-ADDRESS) of an address we gave a permission to and carries DATA; dropped otherwise.
     */
    void receiveDataIndication(Indication indication) {
        if (closed) {
            return;
        }
        XorPeerAddressAttribute peerAttribute = (XorPeerAddressAttribute) indication.getAttribute(
                Attribute.XOR_PEER_ADDRESS);
        DataAttribute dataAttribute = (DataAttribute) indication.getAttribute(Attribute.DATA);
        if (peerAttribute == null || dataAttribute == null) {
            return;
        }
        TransportAddress peer = peerAttribute.getAddress(indication.getTransactionID());
        if (peer == null || peer.getAddress() == null || !permissions.covers(peer.getAddress())) {
            return;
        }
        byte[] inner = dataAttribute.getData();
        InetSocketAddress from = new InetSocketAddress(peer.getAddress(), peer.getPort());
        receiver.onPacket(portFor(from), inner, inner.length, from);
    }

    private static boolean reaches(InetSocketAddress relayedAddress, InetSocketAddress peer) {
        return relayedAddress != null
                && (peer.getAddress() instanceof Inet4Address) == (relayedAddress.getAddress() instanceof Inet4Address);
    }

    @Override
    public boolean isOpen() {
        return relayed != null && !closed;
    }

    /** Closing the relayed port deletes the allocation (the owning client's close). */
    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "relay " + relayed + " via " + server;
    }
}

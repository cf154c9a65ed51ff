package org.sipice.ice.internal.engine.net;

import java.net.InetSocketAddress;

/** A {@link DatagramPort} whose datagrams pass a {@link PortTap} both ways (tests only). */
final class TappedPort implements DatagramPort {
    /** The process-wide tap ({@link PortTap#install}); null in production. */
    static volatile PortTap installed;

    private final PortTap tap;
    private final PacketReceiver receiver;
    private volatile DatagramPort port;

    TappedPort(PortTap tap, PacketReceiver receiver) {
        this.tap = tap;
        this.receiver = receiver;
    }

    DatagramPort over(DatagramPort opened) {
        this.port = opened;
        return this;
    }

    void received(DatagramPort from, byte[] data, int length, InetSocketAddress sender) {
        if (tap.onReceive(from.localAddress(), sender, data, length)) {
            receiver.onPacket(this, data, length, sender);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return port.localAddress();
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (tap.onSend(port.localAddress(), to, data, offset, length)) {
            port.send(data, offset, length, to);
        }
    }

    @Override
    public boolean isOpen() {
        return port.isOpen();
    }

    @Override
    public void close() {
        port.close();
    }

    @Override
    public String toString() {
        return "tapped " + port;
    }
}

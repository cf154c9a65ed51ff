package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.ice.internal.engine.net.FakeNetwork;
import org.sipice.ice.internal.engine.net.PacketReceiver;

/**
 * A host port behind a NAT with endpoint-independent mapping and filtering (RFC 4787): it lives
 * at a private address nobody outside can reach, and everything it sends leaves from one public
 * address, where everything that arrives comes back in.
 */
final class NatPort implements DatagramPort {
    private final InetSocketAddress inside;
    private final DatagramPort outside;

    NatPort(FakeNetwork net, InetSocketAddress inside, InetSocketAddress outside, PacketReceiver receiver) {
        this.inside = inside;
        this.outside = net.open(outside, (port, data, length, from) -> receiver.onPacket(this, data, length, from));
    }

    @Override
    public InetSocketAddress localAddress() {
        return inside;
    }

    @Override
    public void send(byte[] data, int offset, int length, InetSocketAddress to) {
        outside.send(data, offset, length, to);
    }

    @Override
    public boolean isOpen() {
        return outside.isOpen();
    }

    @Override
    public void close() {
        outside.close();
    }
}

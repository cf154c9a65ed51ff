package org.sipice.ice.internal.engine.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.sipice.internal.concurrent.FakeScheduler;

/**
 * A network on fake time for engine tests: ports at chosen addresses, a one-way latency, and a
 * filter that decides which datagrams get through (a blocked path, a firewall, a lost packet).
 * Every datagram sent is recorded, so a test can assert exactly what went on the wire.
 */
public final class FakeNetwork {

    /** One datagram as it was sent. */
    public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data, long sentNanos) {
    }

    private final FakeScheduler scheduler;
    private final Map<InetSocketAddress, FakePort> ports = new HashMap<>();
    private final List<Datagram> sent = new ArrayList<>();
    private Duration latency = Duration.ofMillis(5);
    private BiPredicate<InetSocketAddress, InetSocketAddress> passes = (from, to) -> true;

    public FakeNetwork(FakeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** One-way delay of every datagram from now on. */
    public FakeNetwork latency(Duration oneWay) {
        this.latency = oneWay;
        return this;
    }

    /** Only datagrams for which {@code filter(from, to)} holds are delivered. */
    public FakeNetwork filter(BiPredicate<InetSocketAddress, InetSocketAddress> filter) {
        this.passes = filter;
        return this;
    }

    /** Opens a port at {@code address} (which must be free). */
    public DatagramPort open(InetSocketAddress address, PacketReceiver receiver) {
        if (ports.containsKey(address)) {
            throw new IllegalStateException("address in use: " + address);
        }
        FakePort port = new FakePort(address, receiver);
        ports.put(address, port);
        return port;
    }

    /** Every datagram sent so far, delivered or not. */
    public List<Datagram> sent() {
        return List.copyOf(sent);
    }

    /** The ports still open. */
    public int openPorts() {
        return ports.size();
    }

    private final class FakePort implements DatagramPort {
        private final InetSocketAddress address;
        private final PacketReceiver receiver;
        private boolean open = true;

        FakePort(InetSocketAddress address, PacketReceiver receiver) {
            this.address = address;
            this.receiver = receiver;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void send(byte[] data, int offset, int length, InetSocketAddress to) {
            if (!open) {
                return;
            }
            byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
            sent.add(new Datagram(address, to, copy, scheduler.nanoTime()));
            if (!passes.test(address, to)) {
                return;
            }
            scheduler.schedule(latency, () -> {
                FakePort target = ports.get(to);
                if (target != null && target.open) {
                    target.receiver.onPacket(target, copy.clone(), copy.length, address);
                }
            });
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            ports.remove(address);
        }

        @Override
        public String toString() {
            return "fake udp " + address;
        }
    }
}

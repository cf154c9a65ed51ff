package org.sipice.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.sipice.ice.internal.HostSocketFactory;

/**
 * The host candidate sockets of one session, under the test's control: every STUN message the
 * session sends is recorded with its time, and a {@link DropRule} may lose chosen ones, as a lossy
 * network would. Hand it to {@code new Ice4jSession(config, role, listener, tap)}.
 */
public final class WireTap implements HostSocketFactory {

    /** One STUN message as it left (or would have left) a candidate socket. */
    public record Sent(long nanos, InetSocketAddress from, InetSocketAddress to, StunPeek stun, boolean dropped) {
    }

    /** Decides, message by message, which ones the network loses. Called under the tap's lock. */
    @FunctionalInterface
    public interface DropRule {
        DropRule NONE = s -> false;

        boolean drop(Sent message);

        /** Loses the first {@code count} messages that match, then none. */
        static DropRule first(int count, Predicate<Sent> which) {
            int[] left = {count};
            return s -> {
                if (left[0] > 0 && which.test(s)) {
                    left[0]--;
                    return true;
                }
                return false;
            };
        }
    }

    private final DropRule rule;
    private final List<Sent> sent = new ArrayList<>();

    private WireTap(DropRule rule) {
        this.rule = rule;
    }

    /** Records, drops nothing. */
    public static WireTap recording() {
        return new WireTap(DropRule.NONE);
    }

    public static WireTap dropping(DropRule rule) {
        return new WireTap(rule);
    }

    @Override
    public MultiplexingDatagramSocket open(InetAddress address) throws SocketException {
        return new TappedSocket(address);
    }

    /** Every STUN message sent so far, in order, dropped ones included. */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sent(Predicate<Sent> which) {
        return sent().stream().filter(which).collect(Collectors.toList());
    }

    /** Waits until what was sent satisfies {@code done}; fails with what was sent. */
    public synchronized List<Sent> await(Predicate<List<Sent>> done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(sent)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; sent: " + sent);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(sent);
    }

    private synchronized boolean record(InetSocketAddress from, DatagramPacket p) {
        Optional<StunPeek> stun = StunPeek.parse(p.getData(), p.getOffset(), p.getLength());
        if (stun.isEmpty()) {
            return false; // media is never dropped
        }
        Sent s = new Sent(System.nanoTime(), from, (InetSocketAddress) p.getSocketAddress(), stun.get(), false);
        boolean drop = rule.drop(s);
        sent.add(drop ? new Sent(s.nanos(), from, s.to(), s.stun(), true) : s);
        notifyAll();
        return drop;
    }

    /** A candidate socket that reports each send to the tap, which may lose it. */
    private final class TappedSocket extends MultiplexingDatagramSocket {
        TappedSocket(InetAddress address) throws SocketException {
            super(0, address);
        }

        @Override
        public void send(DatagramPacket p) throws IOException {
            if (!record((InetSocketAddress) getLocalSocketAddress(), p)) {
                super.send(p);
            }
        }
    }
}

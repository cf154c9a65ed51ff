package org.sipice.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.internal.engine.net.PortTap;
import org.sipice.ice.internal.engine.session.TappedSessions;

/**
 * The host candidate sockets of one session, under the test's control: every STUN message the
 * session sends is recorded with its time, and a {@link DropRule} may lose chosen ones, as a lossy
 * network would. {@link #session} makes an engine session on the tap (docs/ENGINE.md, "How tests
 * observe the wire").
 */
public final class WireTap implements PortTap {

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

    /** One engine session (one generation) whose host ports are this tap's. */
    public IceSession session(IceConfig config, IceRole role, IceEventListener listener) {
        return TappedSessions.create(config, role, listener, this);
    }

    @Override
    public boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length) {
        return !record(local, to, data, offset, length);
    }

    @Override
    public boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] data, int length) {
        return true;
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

    private synchronized boolean record(InetSocketAddress from, InetSocketAddress to, byte[] data, int offset,
            int length) {
        Optional<StunPeek> stun = StunPeek.parse(data, offset, length);
        if (stun.isEmpty()) {
            return false; // media is never dropped
        }
        Sent s = new Sent(System.nanoTime(), from, to, stun.get(), false);
        boolean drop = rule.drop(s);
        sent.add(drop ? new Sent(s.nanos(), from, s.to(), s.stun(), true) : s);
        notifyAll();
        return drop;
    }
}

package org.sipice.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.sipice.ice.internal.engine.net.PortTap;

/**
 * Records the STUN messages our ICE sessions receive, through the engine's wire tap
 * ({@link PortTap}, docs/ENGINE.md): every datagram that arrives at a port bound after
 * {@link #install()} passes it. The tap is process-wide: install one recorder per test, before
 * the sessions gather, and close it; surefire runs each test class in its own JVM.
 */
public final class StunTraffic implements PortTap, AutoCloseable {
    /** STUN message types (RFC 8489 §5, §18.2). */
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;

    private static final int MAGIC_COOKIE = 0x2112A442;

    /** One received STUN message. */
    public record Message(long atNanos, int fromPort, int toPort, int type, String transactionId) {
    }

    /** Keyed by transaction id, type and direction: a retransmission counts once. */
    private final Map<String, Message> messages = new LinkedHashMap<>();

    private StunTraffic() {
    }

    public static StunTraffic install() {
        StunTraffic traffic = new StunTraffic();
        PortTap.install(traffic);
        return traffic;
    }

    @Override
    public boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length) {
        return true;
    }

    @Override
    public boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] content, int length) {
        if (length >= 20) {
            record(from.getPort(), local.getPort(), content);
        }
        return true;
    }

    private void record(int sourcePort, int destinationPort, byte[] content) {
        int type = ((content[0] & 0xFF) << 8) | (content[1] & 0xFF);
        int cookie = ((content[4] & 0xFF) << 24) | ((content[5] & 0xFF) << 16) | ((content[6] & 0xFF) << 8)
                | (content[7] & 0xFF);
        if (cookie != MAGIC_COOKIE || (type & 0xC000) != 0) {
            return;
        }
        String tid = HexFormat.of().formatHex(content, 8, 20);
        Message m = new Message(System.nanoTime(), sourcePort, destinationPort, type, tid);
        synchronized (this) {
            messages.putIfAbsent(tid + "/" + type + "/" + sourcePort + ">" + destinationPort, m);
            notifyAll();
        }
    }

    /** The messages matching {@code p}, in arrival order. */
    public synchronized List<Message> matching(Predicate<Message> p) {
        return messages.values().stream().filter(p).collect(Collectors.toList());
    }

    /** Waits until {@code count} messages match {@code p}; fails with what was seen. */
    public synchronized List<Message> await(Predicate<Message> p, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Message> found = matching(p);
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + found.size() + " of " + count + " " + what + " within "
                        + timeout.toMillis() + " ms: " + found);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Gaps between consecutive messages, in ms. */
    public static List<Long> gapsMillis(List<Message> messages) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < messages.size(); i++) {
            gaps.add((messages.get(i).atNanos() - messages.get(i - 1).atNanos()) / 1_000_000);
        }
        return gaps;
    }

    @Override
    public void close() {
        PortTap.remove(this);
    }
}

package org.sipice.security;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.sipice.ice.internal.engine.net.PortTap;

/**
 * What an attacker on the path learns from the checks themselves: the USERNAME of the checks
 * that go to each port ("theirs:ours" as the receiver sees it; RFC 8445 §7.2.2). No password:
 * MESSAGE-INTEGRITY does not reveal it. Installed as the engine's process-wide wire tap
 * ({@link PortTap}, docs/ENGINE.md) before the sessions open their ports.
 */
final class CheckSniffer implements PortTap, AutoCloseable {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private final Map<Integer, String> usernameToPort = new HashMap<>();

    static CheckSniffer install() {
        CheckSniffer sniffer = new CheckSniffer();
        PortTap.install(sniffer);
        return sniffer;
    }

    @Override
    public boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] data, int length) {
        return true;
    }

    @Override
    public boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length) {
        byte[] content = java.util.Arrays.copyOfRange(data, offset, offset + length);
        if (content.length >= 20 && content[0] == 0 && content[1] == 1
                && ByteBuffer.wrap(content, 4, 4).getInt() == MAGIC_COOKIE) {
            sniff(to.getPort(), content);
        }
        return true;
    }

    private void sniff(int destinationPort, byte[] content) {
        for (int at = 20; at + 4 <= content.length;) {
            int type = ((content[at] & 0xff) << 8) | (content[at + 1] & 0xff);
            int length = ((content[at + 2] & 0xff) << 8) | (content[at + 3] & 0xff);
            if (type == 0x0006 && at + 4 + length <= content.length) {
                synchronized (this) {
                    usernameToPort.putIfAbsent(destinationPort, new String(content, at + 4, length,
                            StandardCharsets.UTF_8));
                    notifyAll();
                }
                return;
            }
            at += 4 + (length + 3) / 4 * 4;
        }
    }

    /** The USERNAME the peer's checks to {@code port} carry, waiting up to {@code timeout}. */
    synchronized String usernameTo(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!usernameToPort.containsKey(port)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no check seen toward port " + port);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return usernameToPort.get(port);
    }

    @Override
    public void close() {
        PortTap.remove(this);
    }
}

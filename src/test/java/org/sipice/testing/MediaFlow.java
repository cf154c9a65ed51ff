package org.sipice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sipice.ice.IceSession;

/**
 * Numbered datagrams between two completed ICE sessions, both ways on every component, and what
 * arrived. Tests use it to prove that media flows (a burst) and keeps flowing (a steady talk).
 */
public final class MediaFlow implements AutoCloseable {
    private final IceSession alice;
    private final IceSession bob;
    private final int components;
    private final Direction toBob = new Direction("alice->bob");
    private final Direction toAlice = new Direction("bob->alice");
    private ScheduledExecutorService talker;

    private MediaFlow(IceSession alice, IceSession bob, int components) {
        this.alice = alice;
        this.bob = bob;
        this.components = components;
        bob.media().receive((c, data, len, from) -> toBob.received(new String(data, 0, len, StandardCharsets.UTF_8)));
        alice.media().receive((c, data, len, from) -> toAlice.received(new String(data, 0, len, StandardCharsets.UTF_8)));
    }

    /** Installs the receivers on both (completed) sessions. */
    public static MediaFlow between(IceSession alice, IceSession bob, int components) {
        return new MediaFlow(alice, bob, components);
    }

    /** Sends {@code perComponent} datagrams each way on every component and waits for all of them. */
    public void exchange(int perComponent, Duration timeout) throws IOException, InterruptedException {
        int target = toBob.count() + perComponent * components;
        for (int i = 0; i < perComponent; i++) {
            sendBoth();
        }
        toBob.awaitCount(target, timeout);
        toAlice.awaitCount(target, timeout);
    }

    /** Both sides send one datagram per component every {@code interval} until {@link #close()}. */
    public void startTalking(Duration interval) {
        talker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-flow-talker");
            t.setDaemon(true);
            return t;
        });
        talker.scheduleAtFixedRate(() -> {
            try {
                sendBoth();
            } catch (IOException e) {
                // a send failure shows up as a gap at the receiver
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until each side received a datagram the other sent at least {@code after} into the talk. */
    public void awaitDeliveredAfter(Duration after, Duration timeout) throws InterruptedException {
        toBob.awaitSentAfter(after, timeout);
        toAlice.awaitSentAfter(after, timeout);
    }

    /** The longest run of datagrams lost in a row (before a later one arrived), either direction. */
    public int longestLossRun() {
        return Math.max(toBob.longestLossRun(), toAlice.longestLossRun());
    }

    /** Datagrams sent so far in one direction: toward Bob (by Alice) or toward Alice. */
    public int sent(boolean towardBob) {
        Direction d = towardBob ? toBob : toAlice;
        synchronized (d) {
            return d.sent;
        }
    }

    /** The longest loss run of one direction: toward Bob (sent by Alice) or toward Alice. */
    public int longestLossRun(boolean towardBob) {
        return towardBob ? toBob.longestLossRun() : toAlice.longestLossRun();
    }

    public String summary() {
        return toBob + "; " + toAlice;
    }

    private void sendBoth() throws IOException {
        for (int c = 1; c <= components; c++) {
            byte[] a = toBob.next(c);
            alice.media().send(c, a, 0, a.length);
            byte[] b = toAlice.next(c);
            bob.media().send(c, b, 0, b.length);
        }
    }

    @Override
    public void close() {
        if (talker != null) {
            talker.shutdownNow();
        }
    }

    /** One direction: what was sent (sequence numbers, send times) and what arrived. */
    private static final class Direction {
        private final String name;
        private final long startNanos = System.nanoTime();
        private final BitSet arrived = new BitSet();
        private int sent;
        private int count;
        private long latestSendOffsetNanos = -1;

        Direction(String name) {
            this.name = name;
        }

        synchronized byte[] next(int component) {
            int seq = sent++;
            String text = name + " c" + component + " #" + seq + " @" + (System.nanoTime() - startNanos);
            return text.getBytes(StandardCharsets.UTF_8);
        }

        synchronized void received(String text) {
            int hash = text.indexOf('#');
            int at = text.indexOf('@');
            arrived.set(Integer.parseInt(text.substring(hash + 1, at - 1)));
            latestSendOffsetNanos = Math.max(latestSendOffsetNanos, Long.parseLong(text.substring(at + 1)));
            count++;
            notifyAll();
        }

        synchronized int count() {
            return count;
        }

        synchronized void awaitCount(int target, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": " + count + " of " + target + " datagrams within "
                            + timeout.toMillis() + " ms");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized void awaitSentAfter(Duration after, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (latestSendOffsetNanos < after.toNanos()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": nothing sent after " + after.toMillis() + " ms arrived within "
                            + timeout.toMillis() + " ms; " + this);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized int longestLossRun() {
            int longest = 0;
            int run = 0;
            // A trailing run may still be in flight: only runs that end in an arrival count.
            for (int seq = 0; seq < sent; seq++) {
                if (arrived.get(seq)) {
                    longest = Math.max(longest, run);
                    run = 0;
                } else {
                    run++;
                }
            }
            return longest;
        }

        @Override
        public synchronized String toString() {
            return name + ": " + count + " of " + sent + " arrived";
        }
    }
}

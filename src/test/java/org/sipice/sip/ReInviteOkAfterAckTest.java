package org.sipice.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sip.message.Request;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipice.internal.logging.Log4j2ServerLogger;
import org.sipice.testing.Await;
import org.sipice.testing.BareSipPeer;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.PlainRtpPeer;
import org.sipice.testing.TestUserAgent;

/**
 * RFC 3261 §13.3.1.4: the UAS retransmits its 2xx to an INVITE until the ACK arrives, and not
 * after. JAIN-SIP starts the retransmission timer only after the 2xx has left; a peer that ACKs
 * in between (a fast phone on the same host) had its ACK passed on but not recorded, and the 200
 * went out again 500 ms later. The test holds Bob's sending thread right in that window (inside
 * the message trace of the outgoing 200, which the RI writes after sending and before starting the
 * timer) until Bob's stack has processed the ACK, then counts the 200s the caller receives.
 *
 * <pre>
 *   caller                                 Bob (sipice)
 *     re-INVITE (same ICE credentials) -->
 *                                      <-- 200 OK        Bob's thread held here ...
 *     ACK                              -->               ... until the ACK is processed
 *          ... T1 and more: no second 200 ...
 * </pre>
 */
class ReInviteOkAfterAckTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** RFC 3261 §17.1.1.1: the first retransmission would come T1 = 500 ms after the timer starts. */
    private static final Duration RETRANSMISSION_WINDOW = Duration.ofMillis(1500);

    private final CallRecorder bobEvents = new CallRecorder(true);
    private final List<AutoCloseable> fixtures = new ArrayList<>();
    private final Trace trace = new Trace();
    private Level traceLevelBefore;

    @AfterEach
    void stop() throws Exception {
        trace.release();
        ((Logger) LogManager.getLogger(Log4j2ServerLogger.LOGGER_NAME)).removeAppender(trace);
        Configurator.setLevel(Log4j2ServerLogger.LOGGER_NAME, traceLevelBefore);
        for (int i = fixtures.size() - 1; i >= 0; i--) {
            fixtures.get(i).close();
        }
    }

    @Test
    void anAckThatArrivesWhileThe200IsStillBeingSentStopsItsRetransmissions() throws Exception {
        traceLevelBefore = LogManager.getLogger(Log4j2ServerLogger.LOGGER_NAME).getLevel();
        Configurator.setLevel(Log4j2ServerLogger.LOGGER_NAME, Level.DEBUG);
        trace.start();
        ((Logger) LogManager.getLogger(Log4j2ServerLogger.LOGGER_NAME)).addAppender(trace);
        PlainRtpPeer deadIcePort = fixture(PlainRtpPeer.start());
        TestUserAgent bob = fixture(TestUserAgent.start("bob", bobEvents, c -> c.toBuilder()
                .ringingGateTimeout(Duration.ofMillis(500)).ringingGatePolicy(RingingGatePolicy.RING_ANYWAY).build()));
        BareSipPeer caller = fixture(BareSipPeer.start("caller"));
        caller.send(caller.invite("bob", bob.sip(), iceSdp(deadIcePort.port())));
        caller.await(a -> a.status() == 200, 1, DEADLINE, "200 OK");
        Await.await(bobEvents.awaitIncoming(DEADLINE).established());
        String bobAddress = "127.0.0.1:" + bob.sip().port();

        // Bob's 200 to the re-INVITE: his thread stops in the trace, after sending, before the timer.
        // (The caller's stack traces the same message when it receives it: not that thread.)
        trace.holdFirst(e -> !e.thread().startsWith("caller-") && e.text.startsWith("SIP " + bobAddress + " -> ")
                && e.text.contains("SIP/2.0 200 OK") && e.text.contains("CSeq: 2 INVITE"));
        Request reInvite = caller.dialog().createRequest(Request.INVITE);
        reInvite.setContent(iceSdp(deadIcePort.port()), caller.headers().createContentTypeHeader("application", "sdp"));
        caller.sendInDialog(reInvite);

        // The caller ACKs at once; Bob's stack takes the ACK, then (one worker, in order) a probe.
        trace.await(e -> e.byStackOf(bob) && e.text.contains("CSeq: 2 ACK"), "Bob's stack receiving the ACK");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] options = options(probe.getLocalPort()).getBytes(StandardCharsets.UTF_8);
            probe.send(new DatagramPacket(options, options.length, new InetSocketAddress("127.0.0.1", bob.sip().port())));
            trace.await(e -> e.byStackOf(bob) && e.text.contains("Call-ID: probe-after-ack"), "the probe after the ACK");
        }
        assertTrue(trace.isHolding(), "Bob's 200 was still in the window when the ACK was processed");
        trace.release();

        caller.arrivalsUntil(System.nanoTime() + RETRANSMISSION_WINDOW.toNanos()); // the window passes
        // The caller's stack traces each datagram it receives (twice, a few microseconds apart):
        // receptions are the clusters of identical trace entries, a retransmission is T1 later.
        List<Long> oks = trace.times(e -> e.thread().startsWith("caller-") && e.text.startsWith("SIP " + bobAddress + " -> ")
                && e.text.contains("SIP/2.0 200 OK") && e.text.contains("CSeq: 2 INVITE"));
        assertEquals(1, receptions(oks), "200 OKs to the re-INVITE on the caller's wire (RFC 3261 §13.3.1.4: none "
                + "after the ACK): " + trace.timeline());
    }

    /** Trace times (ns) grouped into receptions: entries less than 100 ms apart are one datagram. */
    private static int receptions(List<Long> nanos) {
        int count = 0;
        long last = Long.MIN_VALUE;
        for (long t : nanos) {
            if (count == 0 || t - last > 100_000_000L) {
                count++;
            }
            last = t;
        }
        return count;
    }

    private <T extends AutoCloseable> T fixture(T c) {
        fixtures.add(c);
        return c;
    }

    private static String options(int port) {
        return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-probe\r\n"
                + "From: <sip:probe@127.0.0.1:" + port + ">;tag=p\r\nTo: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: probe-after-ack\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static String iceSdp(int port) {
        return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=ice-options:ice2\r\nm=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\na=ice-ufrag:call\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + port + " typ host\r\n";
    }

    /** The SIP message trace of every stack, as values; can hold the thread writing one chosen entry. */
    private static final class Trace extends AbstractAppender {
        record Entry(long nanos, String thread, String text) {
            /** Written by a thread of {@code ua}'s stack (JAIN-SIP names them after the stack). */
            boolean byStackOf(TestUserAgent ua) {
                return thread.startsWith(ua.sip().stack().getStackName());
            }
        }

        private final List<Entry> entries = new ArrayList<>();
        private final CountDownLatch released = new CountDownLatch(1);
        private Predicate<Entry> hold = e -> false;
        private boolean holding;

        Trace() {
            super("trace-gate", null, null, true, Property.EMPTY_ARRAY);
        }

        synchronized void holdFirst(Predicate<Entry> which) {
            hold = which;
        }

        @Override
        public void append(LogEvent event) {
            Entry e = new Entry(System.nanoTime(), event.getThreadName(), event.getMessage().getFormattedMessage());
            boolean wait;
            synchronized (this) {
                entries.add(e);
                wait = hold.test(e);
                if (wait) {
                    hold = x -> false;
                    holding = true;
                }
                notifyAll();
            }
            if (wait) {
                try {
                    released.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); // bounded: never hangs the stack
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        synchronized boolean isHolding() {
            return holding && released.getCount() > 0;
        }

        void release() {
            released.countDown();
        }

        /** Each entry as "+ms thread first-line CSeq", for failure messages. */
        synchronized String timeline() {
            long t0 = entries.get(0).nanos();
            StringBuilder b = new StringBuilder();
            for (Entry e : entries) {
                String[] lines = e.text().split("\n");
                String cseq = java.util.Arrays.stream(lines).filter(l -> l.startsWith("CSeq")).findFirst().orElse("");
                b.append('\n').append((e.nanos() - t0) / 1_000_000).append(" ms ").append(e.thread()).append(' ')
                        .append(lines[0]).append(" | ").append(lines.length > 1 ? lines[1] : "").append(" | ").append(cseq);
            }
            return b.toString();
        }

        synchronized List<Long> times(Predicate<Entry> p) {
            return entries.stream().filter(p).map(Entry::nanos).toList();
        }

        synchronized void await(Predicate<Entry> p, String what) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (entries.stream().noneMatch(p)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no trace of " + what + "; threads: "
                            + entries.stream().map(Entry::thread).distinct().toList());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}

package org.sipice.internal.logging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.junit.jupiter.api.Test;
import org.sipice.testing.CallRecorder;
import org.sipice.testing.TestUserAgent;

/**
 * A flood of junk at a user agent's SIP port costs a bounded amount of log. JAIN-SIP logs every
 * datagram it cannot process at ERROR, with the whole 64 KB receive buffer as a decimal byte array
 * (about 200 KB of text per datagram); sipice lets one bounded line through and then one summary
 * per interval.
 */
class JunkDatagramLogTest {
    private static final int JUNK = 1_000;
    /** What 1,000 junk datagrams may cost in log text, in characters: a few bounded lines. */
    private static final int MAX_LOG_CHARS = 4_000;

    @Test
    void aThousandJunkDatagramsProduceABoundedAmountOfLog() throws Exception {
        Log4j2LoggersTest.Recorder recorder = new Log4j2LoggersTest.Recorder();
        recorder.start();
        Logger jainSip = (Logger) LogManager.getLogger(Log4j2StackLogger.LOGGER_NAME);
        jainSip.addAppender(recorder);
        try (TestUserAgent bob = TestUserAgent.start("bob", new CallRecorder(false));
                DatagramSocket mallory = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", bob.sip().port());
            Random random = new Random(11);
            mallory.setSoTimeout(500); // RFC 3261 T1: the probe is sent again until answered
            for (int i = 0; i < JUNK; i++) {
                byte[] junk = junk(i, random);
                mallory.send(new DatagramPacket(junk, junk.length, target));
                if (i % 100 == 99) {
                    // One worker thread parses in arrival order (loopback-demo): once a valid
                    // request is answered, every junk datagram before it has been processed, and
                    // the socket's receive buffer is empty again (no junk lost to an overflow).
                    probe(mallory, target, i);
                }
            }
        } finally {
            jainSip.removeAppender(recorder);
        }
        List<String> lines = recorder.lines();
        int chars = lines.stream().mapToInt(String::length).sum();
        assertTrue(chars <= MAX_LOG_CHARS, JUNK + " junk datagrams logged " + lines.size() + " lines, " + chars
                + " characters; first: " + lines.stream().findFirst().map(l -> l.substring(0, Math.min(300, l.length())))
                        .orElse(""));
        assertTrue(lines.stream().anyMatch(l -> l.contains("unprocessable SIP datagram")), lines.toString());
    }

    /** Sends an OPTIONS (CSeq {@code n}) until a response to it arrives, for up to 20 s. */
    private static void probe(DatagramSocket mallory, InetSocketAddress target, int n) throws Exception {
        byte[] options = options(mallory.getLocalPort(), n).getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[65535];
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            mallory.send(new DatagramPacket(options, options.length, target));
            try {
                while (true) {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    mallory.receive(reply);
                    if (new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8).contains("CSeq: " + n + " OPTIONS")) {
                        return;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // no answer yet: send it again
            }
        }
        throw new AssertionError("the user agent did not answer OPTIONS " + n + " within 20 s");
    }

    /** Random bytes, a request line without headers, a binary blob that starts like SIP. */
    private static byte[] junk(int i, Random random) {
        switch (i % 3) {
            case 0:
                byte[] b = new byte[20 + random.nextInt(200)];
                random.nextBytes(b);
                return b;
            case 1:
                return ("INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            default:
                byte[] c = new byte[100];
                random.nextBytes(c);
                byte[] head = "SIP/2.0 200 OK\r\n".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(head, 0, c, 0, head.length);
                return c;
        }
    }

    private static String options(int port, int n) {
        return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-junk-" + n + "\r\n"
                + "From: <sip:mallory@127.0.0.1:" + port + ">;tag=m\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: junk-" + n + "@127.0.0.1\r\n"
                + "CSeq: " + n + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}

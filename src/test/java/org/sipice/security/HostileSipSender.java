package org.sipice.security;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mallory: a raw UDP socket on 127.0.0.1 that sends hand-written SIP requests (any Call-ID, any
 * tags, any body) and records the responses it gets. No SIP stack: nothing is corrected or
 * retransmitted for it. A non-2xx final response to its INVITE is ACKed (RFC 3261 §17.1.1.3) so
 * the other side's server transaction ends.
 */
final class HostileSipSender implements AutoCloseable {
    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");
    private static final Pattern CSEQ = Pattern.compile("(?im)^CSeq:\\s*(\\d+)\\s+(\\S+)");

    /** A response as it arrived. */
    record Reply(int status, long cseq, String method, String text) {
        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + name + ":\\s*(.*)$").matcher(text);
            return m.find() ? m.group(1).trim() : null;
        }
    }

    private final DatagramSocket socket;
    private final List<Reply> replies = new ArrayList<>();
    private final Thread reader;
    private long cseq = 100;

    private HostileSipSender() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        reader = new Thread(this::read, "mallory-sip");
        reader.setDaemon(true);
        reader.start();
    }

    static HostileSipSender start() throws IOException {
        return new HostileSipSender();
    }

    /**
     * Sends {@code method} to {@code target} (host:port of a user agent) with the given Call-ID
     * and tags ({@code toTag} null: none) and an optional SDP body. Returns its CSeq number.
     */
    synchronized long send(String method, InetSocketAddress target, String callId, String fromTag, String toTag,
            String sdp) throws IOException {
        return send(method, target, callId, fromTag, toTag, sdp, "");
    }

    /** As above, with {@code extraHeaders} ("Name: value\r\n" lines) after Contact. */
    synchronized long send(String method, InetSocketAddress target, String callId, String fromTag, String toTag,
            String sdp, String extraHeaders) throws IOException {
        long n = ++cseq;
        String host = "127.0.0.1:" + socket.getLocalPort();
        String uri = "sip:victim@" + target.getHostString() + ":" + target.getPort();
        String body = sdp == null ? "" : sdp;
        String request = method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ";branch=z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:mallory@" + host + ">;tag=" + fromTag + "\r\n"
                + "To: <" + uri + ">" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + n + " " + method + "\r\n"
                + "Contact: <sip:mallory@" + host + ">\r\n"
                + extraHeaders
                + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, target));
        return n;
    }

    /** Waits for the final response to the request with CSeq {@code n}. */
    synchronized Reply awaitFinal(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Reply r : replies) {
                if (r.cseq() == n && r.status() >= 200) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no final response to CSeq " + n + " within " + timeout.toMillis()
                        + " ms; got " + replies.stream().map(r -> r.status() + " " + r.method()).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Every response received so far. */
    synchronized List<Reply> replies() {
        return List.copyOf(replies);
    }

    private void read() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            String text = new String(buffer, 0, p.getLength(), StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(text);
            Matcher cseqLine = CSEQ.matcher(text);
            if (!status.find() || !cseqLine.find()) {
                continue; // a request toward Mallory (none expected) or junk
            }
            Reply reply = new Reply(Integer.parseInt(status.group(1)), Long.parseLong(cseqLine.group(1)),
                    cseqLine.group(2), text);
            if ("INVITE".equals(reply.method()) && reply.status() >= 300) {
                ack(reply, (InetSocketAddress) p.getSocketAddress());
            }
            synchronized (this) {
                replies.add(reply);
                notifyAll();
            }
        }
    }

    /** RFC 3261 §17.1.1.3: the ACK of a non-2xx final response, in the INVITE's transaction. */
    private void ack(Reply reply, InetSocketAddress to) {
        String via = reply.header("Via");
        String ack = "ACK " + "sip:victim@" + to.getHostString() + ":" + to.getPort() + " SIP/2.0\r\n"
                + "Via: " + via + "\r\nMax-Forwards: 70\r\nFrom: " + reply.header("From") + "\r\nTo: "
                + reply.header("To") + "\r\nCall-ID: " + reply.header("Call-ID") + "\r\nCSeq: " + reply.cseq()
                + " ACK\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = ack.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

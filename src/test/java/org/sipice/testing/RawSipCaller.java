package org.sipice.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SIP caller on a bare UDP socket on 127.0.0.1: it sends exactly the bytes a test writes and
 * nothing else, so it can withhold what a real stack always sends (ACK, PRACK, BYE, answers to
 * checks) or send what a real stack never would. It reads the responses that come back.
 * One call (one Call-ID, From tag and INVITE branch) per {@link Dialog}.
 */
public final class RawSipCaller implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String LOCALHOST = "127.0.0.1";

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final byte[] buffer = new byte[65_536];

    private RawSipCaller(DatagramSocket socket, InetSocketAddress target) {
        this.socket = socket;
        this.target = target;
    }

    /** A caller toward {@code sip:...@host:port} (the URI {@code sipice answer} prints). */
    public static RawSipCaller toward(String uri) throws IOException {
        String hostPort = uri.substring(uri.indexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1).replaceAll(";.*", "")));
        return new RawSipCaller(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOCALHOST), 0)),
                target);
    }

    /** The identifiers of one call from this caller. */
    public record Dialog(String callId, String fromTag, String branch, String requestUri) {
    }

    /** A fresh Call-ID, From tag and branch (RFC 3261 §8.1.1.7: the branch starts with z9hG4bK). */
    public Dialog newDialog() {
        long n = SEQUENCE.incrementAndGet();
        String unique = Long.toHexString(System.nanoTime()) + "-" + n;
        return new Dialog("raw-" + unique + "@" + LOCALHOST, "t" + unique, "z9hG4bK-raw-" + unique,
                "sip:bob@" + target.getHostString() + ":" + target.getPort());
    }

    /** {@code 127.0.0.1:port} of this caller's socket. */
    public String hostPort() {
        return LOCALHOST + ":" + socket.getLocalPort();
    }

    /**
     * A well-formed INVITE of {@code dialog}: every mandatory header (RFC 3261 §8.1.1), a Contact,
     * then {@code extraHeaders} (each a full line, no CRLF), then {@code body} with its
     * Content-Type and exact Content-Length.
     */
    public String invite(Dialog dialog, String contentType, String body, String... extraHeaders) {
        StringBuilder m = new StringBuilder();
        m.append("INVITE ").append(dialog.requestUri()).append(" SIP/2.0\r\n");
        m.append(headers(dialog, "INVITE", null));
        m.append("Contact: <sip:raw@").append(hostPort()).append(">\r\n");
        for (String h : extraHeaders) {
            m.append(h).append("\r\n");
        }
        if (body != null) {
            m.append("Content-Type: ").append(contentType).append("\r\n");
        }
        int length = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        m.append("Content-Length: ").append(length).append("\r\n\r\n");
        if (body != null) {
            m.append(body);
        }
        return m.toString();
    }

    /** The CANCEL of {@code dialog}'s INVITE (RFC 3261 §9.1: same branch, no To tag). */
    public String cancel(Dialog dialog) {
        return "CANCEL " + dialog.requestUri() + " SIP/2.0\r\n" + headers(dialog, "CANCEL", null)
                + "Content-Length: 0\r\n\r\n";
    }

    /** An OPTIONS outside any dialog (RFC 3261 §11): every UAS answers it, with some status. */
    public String options(Dialog dialog) {
        return "OPTIONS " + dialog.requestUri() + " SIP/2.0\r\n" + headers(dialog, "OPTIONS", null)
                + "Content-Length: 0\r\n\r\n";
    }

    /** The ACK of a non-2xx final response to the INVITE (RFC 3261 §17.1.1.3: same branch, To tag). */
    public String ackNon2xx(Dialog dialog, String toTag) {
        return "ACK " + dialog.requestUri() + " SIP/2.0\r\n" + headers(dialog, "ACK", toTag)
                + "Content-Length: 0\r\n\r\n";
    }

    /** The ACK of a 2xx (RFC 3261 §13.2.2.4: a new transaction, CSeq number of the INVITE). */
    public String ack2xx(Dialog dialog, String toTag) {
        return "ACK " + dialog.requestUri() + " SIP/2.0\r\n"
                + headers(dialog, dialog.branch() + "-ack", 1, "ACK", toTag) + "Content-Length: 0\r\n\r\n";
    }

    /** A BYE in the dialog the 2xx made (RFC 3261 §15.1.1). */
    public String bye(Dialog dialog, String toTag) {
        return "BYE " + dialog.requestUri() + " SIP/2.0\r\n"
                + headers(dialog, dialog.branch() + "-bye", 2, "BYE", toTag) + "Content-Length: 0\r\n\r\n";
    }

    /** The headers of a request in the INVITE's transaction (same branch, CSeq 1). */
    private String headers(Dialog dialog, String method, String toTag) {
        return headers(dialog, dialog.branch(), 1, method, toTag);
    }

    private String headers(Dialog dialog, String branch, int cseq, String method, String toTag) {
        return "Via: SIP/2.0/UDP " + hostPort() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@" + LOCALHOST + ">;tag=" + dialog.fromTag() + "\r\n"
                + "To: <" + dialog.requestUri() + ">" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + dialog.callId() + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n";
    }

    public void send(String message) throws IOException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    /** The next SIP response to arrive within {@code timeout}, or null. Requests (a BYE) are skipped. */
    public Response receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (text.startsWith("SIP/2.0 ")) {
                return Response.parse(text);
            }
        }
    }

    /**
     * The next response to {@code dialog}'s INVITE with a status of at least {@code min}, or null.
     * Responses to its CANCEL are skipped; any other CSeq counts (a stack answers a request whose
     * CSeq names another method with 400 and that CSeq).
     */
    public Response receiveInviteResponse(Dialog dialog, int min, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (r == null) {
                return null;
            }
            if (r.status() >= min && dialog.callId().equals(r.header("Call-ID"))
                    && !String.valueOf(r.header("CSeq")).endsWith("CANCEL")) {
                return r;
            }
        }
    }

    /** A response as it came: status, reason phrase, the first value of each header (lower-case names). */
    public record Response(int status, String reason, Map<String, String> headers, String text) {
        static Response parse(String text) {
            String[] lines = text.split("\r\n", -1);
            String[] start = lines[0].split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(longName(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT)),
                            lines[i].substring(colon + 1).strip());
                }
            }
            return new Response(Integer.parseInt(start[1]), start.length > 2 ? start[2] : "", headers, text);
        }

        /** RFC 3261 §7.3.3 compact forms. */
        private static String longName(String name) {
            return switch (name) {
                case "i" -> "call-id";
                case "t" -> "to";
                case "f" -> "from";
                case "v" -> "via";
                case "c" -> "content-type";
                case "l" -> "content-length";
                default -> name;
            };
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The tag parameter of the To header, or null. */
        public String toTag() {
            String to = header("To");
            int at = to == null ? -1 : to.indexOf(";tag=");
            return at < 0 ? null : to.substring(at + 5).split(";")[0];
        }

        @Override
        public String toString() {
            return status + " " + reason;
        }
    }

    /**
     * An ICE offer for one audio stream, RTP and RTCP on {@code port} and {@code port + 1} of
     * 127.0.0.1 (RFC 8839 §5.1), two components as the softphone profile uses (rtcp-mux off).
     */
    public static String iceOffer(int port) {
        return "v=0\r\n"
                + "o=raw 1 1 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + (port + 1) + "\r\n"
                + "a=ice-ufrag:rawU\r\n"
                + "a=ice-pwd:rawpasswordrawpassword1234\r\n"
                + "a=candidate:1 1 UDP 2130706431 127.0.0.1 " + port + " typ host\r\n"
                + "a=candidate:1 2 UDP 2130706430 127.0.0.1 " + (port + 1) + " typ host\r\n"
                + "a=sendrecv\r\n";
    }

    @Override
    public void close() {
        socket.close();
    }
}

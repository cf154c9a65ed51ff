package org.sipice.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stateless forking proxy over UDP on loopback (RFC 3261 §16.11): an INVITE, CANCEL or ACK
 * sent to it goes to every target, each copy with our Via on top and a branch derived from the
 * caller's (so a CANCEL matches its INVITE at each target); a response loses our Via and goes to
 * the next Via's sent-by. No Record-Route: PRACK, BYE and the ACK of a 2xx go from dialog peer to
 * dialog peer directly. It does not CANCEL the other branches when one answers, as a stateless
 * proxy cannot: the caller sees every fork's 2xx (RFC 3261 §13.2.2.4).
 */
public final class ForkingProxy implements AutoCloseable {
    private static final Pattern BRANCH = Pattern.compile("branch=z9hG4bK([^;,\\s]+)");
    private static final Pattern SENT_BY = Pattern.compile("SIP/2\\.0/UDP\\s+([^;:,\\s]+):(\\d+)",
            Pattern.CASE_INSENSITIVE);

    private final DatagramSocket socket;
    private final List<InetSocketAddress> targets;
    private final Thread thread;

    private ForkingProxy(List<InetSocketAddress> targets) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.targets = List.copyOf(targets);
        this.thread = new Thread(this::run, "forking-proxy");
        thread.setDaemon(true);
    }

    /** A proxy that forks to {@code targets}. */
    public static ForkingProxy start(List<InetSocketAddress> targets) throws SocketException {
        ForkingProxy proxy = new ForkingProxy(targets);
        proxy.thread.start();
        return proxy;
    }

    /** {@code sip:user@127.0.0.1:port} of the proxy. */
    public String uri(String user) {
        return "sip:" + user + "@127.0.0.1:" + socket.getLocalPort();
    }

    private void run() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                if (message.startsWith("SIP/2.0")) {
                    relayResponse(message);
                } else if (message.startsWith("INVITE ") || message.startsWith("CANCEL ")
                        || message.startsWith("ACK ")) {
                    fork(message);
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void fork(String request) throws IOException {
        int firstLineEnd = request.indexOf("\r\n");
        Matcher branch = BRANCH.matcher(request);
        String original = branch.find() ? branch.group(1) : "none";
        for (int i = 0; i < targets.size(); i++) {
            String via = "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKfork" + i + "x"
                    + original + "\r\n";
            send(request.substring(0, firstLineEnd + 2) + via + request.substring(firstLineEnd + 2), targets.get(i));
        }
    }

    private void relayResponse(String response) throws IOException {
        int headersEnd = response.indexOf("\r\n\r\n");
        String head = response.substring(0, headersEnd);
        String[] lines = head.split("\r\n", -1);
        StringBuilder out = new StringBuilder();
        boolean ourViaRemoved = false;
        InetSocketAddress next = null;
        for (String line : lines) {
            String lower = line.toLowerCase();
            boolean isVia = lower.startsWith("via:") || lower.startsWith("v:");
            if (isVia && !ourViaRemoved) {
                ourViaRemoved = true;
                int comma = line.indexOf(',');
                if (comma < 0) {
                    continue; // our Via alone on its line
                }
                line = line.substring(0, line.indexOf(':') + 1) + " " + line.substring(comma + 1).trim();
            }
            if (isVia && next == null && ourViaRemoved) {
                Matcher m = SENT_BY.matcher(line);
                if (m.find()) {
                    next = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
            out.append(line).append("\r\n");
        }
        if (next != null) {
            send(out + response.substring(headersEnd + 2), next);
        }
    }

    private void send(String message, InetSocketAddress to) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Override
    public void close() {
        socket.close();
    }
}

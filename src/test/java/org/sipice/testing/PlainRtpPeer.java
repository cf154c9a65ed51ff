package org.sipice.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sipice.media.RtpPacket;

/**
 * The media side of a peer without ICE (a phone, a media server): one UDP socket on 127.0.0.1
 * that records the RTP sequence numbers it receives (STUN and anything else is ignored) and sends
 * RTP to an address. A daemon reader thread, ended by {@link #close()}.
 */
public final class PlainRtpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Set<Integer> received = ConcurrentHashMap.newKeySet();
    private final Thread reader;

    private PlainRtpPeer(DatagramSocket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "plain-rtp-peer-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    public static PlainRtpPeer start() throws SocketException {
        try {
            return new PlainRtpPeer(new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)));
        } catch (java.net.UnknownHostException e) {
            throw new SocketException(e.getMessage());
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** An SDP offer/answer without ICE: audio PCMU to this socket. */
    public String sdp(String user) {
        return "v=0\r\no=" + user + " 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }

    /** Sends {@code count} RTP packets (sequence numbers from {@code first}) to {@code to}. */
    public void send(InetSocketAddress to, int first, int count) throws IOException {
        byte[] silence = new byte[160];
        for (int i = first; i < first + count; i++) {
            byte[] p = RtpPacket.packet(0, i, i * 160L, 0xFEEDL, silence);
            socket.send(new DatagramPacket(p, p.length, to));
        }
    }

    /** Waits until {@code count} distinct RTP packets arrived. */
    public void awaitReceived(int count, Duration timeout) throws InterruptedException {
        Eventually.atLeast(received::size, count, timeout, () -> "RTP packets received by the plain peer");
    }

    public int receivedCount() {
        return received.size();
    }

    private void read() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            // RTP version 2 (first two bits 10); STUN starts with 00.
            if (p.getLength() >= 12 && (buffer[0] & 0xC0) == 0x80) {
                received.add(RtpPacket.sequence(java.util.Arrays.copyOf(buffer, p.getLength())));
            }
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

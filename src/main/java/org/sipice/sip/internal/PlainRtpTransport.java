package org.sipice.sip.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sipice.internal.media.MediaReader;
import org.sipice.ice.MediaTransport;
import org.sipice.sdp.TransportAddr;

/**
 * Media toward a peer without ICE (RFC 5768 §4.2 fallback, plain RFC 3264): an RTP socket and,
 * without rtcp-mux, an RTCP socket on the next port, bound on our host address; datagrams go to
 * the peer's {@code c=}/{@code m=} address and its RTCP address. Anything arriving on our ports is
 * delivered (there are no candidate pairs to filter on). One daemon reader thread per socket,
 * ended by {@link #close()}, which is idempotent.
 */
final class PlainRtpTransport implements MediaTransport, AutoCloseable {
    /** Tries to find an even RTP port with a free odd neighbour (RFC 3550 §11). */
    private static final int BIND_ATTEMPTS = 20;

    private final List<DatagramSocket> sockets;
    private final List<Thread> readers = new ArrayList<>();
    private volatile InetSocketAddress[] remote = new InetSocketAddress[3];
    private volatile boolean closed;

    private PlainRtpTransport(List<DatagramSocket> sockets) {
        this.sockets = sockets;
    }

    /** Binds RTP (and RTCP on RTP + 1 unless {@code rtcpMux}) on {@code host}. */
    static PlainRtpTransport bind(InetAddress host, boolean rtcpMux) throws SocketException {
        if (rtcpMux) {
            return new PlainRtpTransport(List.of(new DatagramSocket(new InetSocketAddress(host, 0))));
        }
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(host, 0));
            int port = rtp.getLocalPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    return new PlainRtpTransport(List.of(rtp, new DatagramSocket(new InetSocketAddress(host, port + 1))));
                } catch (SocketException taken) {
                    // the odd neighbour is in use: try another pair
                }
            }
            rtp.close();
        }
        throw new SocketException("no free RTP/RTCP port pair on " + host.getHostAddress());
    }

    /**
     * Binds exactly {@code rtp} (and {@code rtcp}, unless null: rtcp-mux), the addresses an offer
     * already announced: used when ICE falls back to RFC 3264 and media must arrive where our
     * {@code c=}/{@code m=} said (RFC 8839 §4.4.3.1).
     *
     * @throws SocketException if a port is taken (the caller then binds anew)
     */
    static PlainRtpTransport bindAt(TransportAddr rtp, TransportAddr rtcp) throws SocketException {
        DatagramSocket first = new DatagramSocket(new InetSocketAddress(rtp.address(), rtp.port()));
        if (rtcp == null) {
            return new PlainRtpTransport(List.of(first));
        }
        try {
            return new PlainRtpTransport(List.of(first,
                    new DatagramSocket(new InetSocketAddress(rtcp.address(), rtcp.port()))));
        } catch (SocketException e) {
            first.close();
            throw e;
        }
    }

    /** Our RTP address, for the answer's {@code c=}/{@code m=}. */
    TransportAddr rtp() {
        return new TransportAddr(sockets.get(0).getLocalAddress().getHostAddress(), sockets.get(0).getLocalPort());
    }

    /** Our RTCP address, or empty with rtcp-mux. */
    Optional<TransportAddr> rtcp() {
        return sockets.size() < 2 ? Optional.empty() : Optional.of(new TransportAddr(
                sockets.get(1).getLocalAddress().getHostAddress(), sockets.get(1).getLocalPort()));
    }

    /** Where media goes: the peer's RTP address and its RTCP address (null with rtcp-mux). */
    void sendTo(TransportAddr rtp, TransportAddr rtcp) {
        InetSocketAddress[] r = new InetSocketAddress[3];
        r[1] = new InetSocketAddress(rtp.address(), rtp.port());
        r[2] = rtcp == null ? r[1] : new InetSocketAddress(rtcp.address(), rtcp.port());
        remote = r;
    }

    @Override
    public void send(int componentId, byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("media closed");
        }
        if (componentId != 1 && componentId != 2) {
            throw new IOException("no component " + componentId);
        }
        InetSocketAddress to = remote[componentId];
        if (to == null) {
            throw new IOException("the peer's media address is not known yet");
        }
        DatagramSocket socket = sockets.get(Math.min(componentId, sockets.size()) - 1);
        socket.send(new DatagramPacket(data, offset, length, to));
    }

    @Override
    public synchronized void receive(PacketHandler handler) {
        if (!readers.isEmpty()) {
            throw new IllegalStateException("a handler is already installed");
        }
        for (int i = 0; i < sockets.size(); i++) {
            int componentId = i + 1;
            DatagramSocket socket = sockets.get(i);
            readers.add(MediaReader.start("sipice-plain-rtp-" + socket.getLocalPort(), componentId, socket, handler,
                    () -> closed));
        }
    }

    @Override
    public void close() {
        closed = true;
        sockets.forEach(DatagramSocket::close);
    }
}

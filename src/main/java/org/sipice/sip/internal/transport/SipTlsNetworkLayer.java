package org.sipice.sip.internal.transport;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.Iterator;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.sip.ListeningPoint;

/**
 * The sockets of a JAIN-SIP stack that does TLS (the RI's {@code NETWORK_LAYER}; its OIO
 * transport, the NIO one loses the first request of a connection, docs/JAIN-SIP.md §9): TLS
 * sockets from the stack's own {@link SipTlsContext}, modern protocols and suites, and the host
 * name checked (the JDK's endpoint identification, RFC 6125; {@link ServerCertificateCheck}).
 *
 * <p>Connection reuse: a connection we open leaves from our TLS listening port (SO_REUSEPORT, as
 * the listening socket has it), so the peer's in-dialog requests to our Contact (its BYE) find
 * the connection it already has with us, the one whose server it verified, instead of opening one
 * the other way where it would have to verify us (RFC 5923 §1 describes the problem). When that
 * port cannot be used the connection leaves from any port.
 */
public final class SipTlsNetworkLayer implements NetworkLayer {
    /** How long a TCP connect may take before the request fails (the RI's own default is 8 s). */
    private static final int CONNECT_TIMEOUT_MS = 8000;

    private SipStackImpl stack;
    private SipTlsContext tls;

    /** Made by the RI by reflection; {@link #setSipStack} follows at once. */
    public SipTlsNetworkLayer() {
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        this.stack = sipStack;
        this.tls = SipTlsContexts.of(sipStack.getStackName());
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        if (socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        socket.bind(new InetSocketAddress(bindAddress, port), backlog);
        return socket;
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        int listening = localAddress == null ? 0 : tlsListeningPort(localAddress);
        if (listening > 0) {
            SSLSocket socket = newSslSocket();
            try {
                socket.setReuseAddress(true);
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                socket.bind(new InetSocketAddress(localAddress, listening));
                return connected(socket, address, port);
            } catch (IOException | UnsupportedOperationException e) {
                socket.close(); // that 4-tuple is taken (TIME_WAIT) or the option missing: any port will do
            }
        }
        SSLSocket socket = newSslSocket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        return connected(socket, address, port);
    }

    private SSLSocket newSslSocket() throws IOException {
        return (SSLSocket) tls.context().getSocketFactory().createSocket();
    }

    private static SSLSocket connected(SSLSocket socket, InetAddress address, int port) throws IOException {
        try {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            SSLParameters parameters = socket.getSSLParameters();
            // RFC 5922 §7.2 / RFC 6125: the certificate must name the host (a DNS name, or the
            // address literal the URI held); the JDK's HTTPS identification checks SANs that way.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setProtocols(SipTlsContext.PROTOCOLS.toArray(String[]::new));
            parameters.setCipherSuites(SipTlsContext.CIPHER_SUITES.toArray(String[]::new));
            socket.setSSLParameters(parameters);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private int tlsListeningPort(InetAddress localAddress) {
        for (Iterator<?> it = stack.getListeningPoints(); it.hasNext();) {
            ListeningPoint lp = (ListeningPoint) it.next();
            if (ListeningPoint.TLS.equalsIgnoreCase(lp.getTransport())
                    && lp.getIPAddress().equals(localAddress.getHostAddress())) {
                return lp.getPort();
            }
        }
        return 0;
    }

    // ---- plain sockets, as the RI's DefaultNetworkLayer makes them ----------------------

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new ServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return new Socket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return localAddress == null ? new Socket(address, port) : new Socket(address, port, localAddress, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return myAddress == null ? new Socket(address, port) : new Socket(address, port, myAddress, myPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return laddr == null ? new DatagramSocket(port) : new DatagramSocket(port, laddr);
    }
}

package org.sipice.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.sipice.sip.internal.transport.SipTlsContext;
import org.sipice.sip.internal.transport.SipTlsContexts;

/**
 * A JAIN-SIP stack with one listening point (UDP, TCP or TLS: {@link SipTransport}) and its
 * provider: what the demo, the CLI and tests need to stand up a user agent. Applications that
 * already have a stack do not need it.
 *
 * <p>Over TLS the endpoint presents the certificate {@link SipTls} names, or one it makes for
 * itself ({@link #tlsFingerprint()}), and checks the certificates of the servers it connects to
 * as {@link SipTls} says; a refused certificate ends the call with its reason
 * ({@code tls_wrong_name}, {@code tls_expired}, {@code tls_unknown_ca},
 * {@code tls_fingerprint_mismatch}).
 */
public final class SipEndpoint implements AutoCloseable {
    private static final int STOP_ATTEMPTS = 5;
    private static final long STOP_RETRY_NANOS = 20_000_000L;

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final SipTransport transport;
    private final String name;
    private final SipTlsContext tls;

    private SipEndpoint(SipStack stack, SipProvider provider, ListeningPoint listeningPoint, SipTransport transport,
            String name, SipTlsContext tls) {
        this.stack = stack;
        this.provider = provider;
        this.listeningPoint = listeningPoint;
        this.transport = transport;
        this.name = name;
        this.tls = tls;
    }

    /**
     * Creates and starts a stack named {@code name} with {@code properties} (a sip-profile's
     * stack properties), listening on UDP {@code address:port}; port 0 picks a free one.
     */
    public static SipEndpoint start(String name, Properties properties, InetAddress address, int port)
            throws Exception {
        return start(name, properties, address, port, SipTransport.UDP, SipTls.defaults());
    }

    /**
     * As {@link #start(String, Properties, InetAddress, int)}, listening on {@code transport};
     * {@code tls} matters only for {@link SipTransport#TLS}.
     *
     * @throws java.io.IOException if the key store or CA file named by {@code tls} cannot be read
     */
    public static SipEndpoint start(String name, Properties properties, InetAddress address, int port,
            SipTransport transport, SipTls tls) throws Exception {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("javax.sip.STACK_NAME", name);
        // Two stacks on one IP in one JVM work only without javax.sip.IP_ADDRESS (docs/JAIN-SIP.md §8).
        p.remove("javax.sip.IP_ADDRESS");
        SipTlsContext tlsContext = null;
        if (transport == SipTransport.TLS) {
            tlsContext = SipTlsContext.create(tls.keyStore().orElse(null), tls.keyStorePassword().orElse(null),
                    tls.caFile().orElse(null), tls.trustedFingerprints(), address);
            SipTlsContext.addStackProperties(p);
            SipTlsContexts.register(name, tlsContext);
        }
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            SipStack stack = factory.createSipStack(p);
            int chosen = port != 0 ? port : transport == SipTransport.UDP ? freeUdpPort(address) : freeTcpPort(address);
            ListeningPoint lp = stack.createListeningPoint(address.getHostAddress(), chosen, transport.viaName());
            SipProvider provider = stack.createSipProvider(lp);
            stack.start();
            return new SipEndpoint(stack, provider, lp, transport, name, tlsContext);
        } catch (Exception | Error e) {
            SipTlsContexts.remove(name);
            throw e;
        }
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        }
    }

    public SipStack stack() {
        return stack;
    }

    public SipProvider provider() {
        return provider;
    }

    public String host() {
        return listeningPoint.getIPAddress();
    }

    public int port() {
        return listeningPoint.getPort();
    }

    public SipTransport transport() {
        return transport;
    }

    /**
     * Over TLS, the SHA-256 fingerprint of the certificate we present ({@code AB:CD:...}, RFC 8122
     * §5 notation): what a peer pins when the certificate is self-signed. Empty over UDP and TCP.
     */
    public Optional<String> tlsFingerprint() {
        return tls == null ? Optional.empty() : Optional.of(tls.fingerprint());
    }

    /** Over TLS, whether our certificate was made on the spot because {@link SipTls} named none. */
    public boolean tlsSelfSigned() {
        return tls != null && tls.selfSigned();
    }

    /**
     * Where peers reach us: {@code sip:user@host:port} over UDP, {@code ;transport=tcp} added over
     * TCP (RFC 3261 §19.1.1), {@code sips:user@host:port} over TLS (RFC 5630 §3.2: the
     * {@code transport=tls} parameter is deprecated).
     */
    public String uri(String user) {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        return switch (transport) {
            case UDP -> "sip:" + user + "@" + h + ":" + port();
            case TCP -> "sip:" + user + "@" + h + ":" + port() + ";transport=tcp";
            case TLS -> "sips:" + user + "@" + h + ":" + port();
        };
    }

    /** Stops the stack (JAIN-SIP takes about a second: a fixed sleep in SIPTransactionStack.stop). */
    @Override
    public void close() {
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception e) {
            // already gone
        }
        try {
            stopStack();
        } finally {
            SipTlsContexts.remove(name);
        }
    }

    /**
     * The RI's UDP message processor creates its channel list on its own thread once started; a
     * stop that comes before that thread ran throws a NullPointerException half-way, with the
     * socket closed but the stack's timers still running. The thread needs only to be scheduled,
     * so the stop is tried again a few times before giving up (and saying so).
     */
    private void stopStack() {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < STOP_ATTEMPTS; attempt++) {
            try {
                stack.stop();
                return;
            } catch (RuntimeException e) {
                failure = e;
                Thread.yield();
                LockSupport.parkNanos(STOP_RETRY_NANOS);
            }
        }
        throw new IllegalStateException("JAIN-SIP stack did not stop after " + STOP_ATTEMPTS + " attempts", failure);
    }
}

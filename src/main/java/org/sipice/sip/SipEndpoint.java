package org.sipice.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;

/**
 * A JAIN-SIP stack with one UDP listening point and its provider: what the demo, the CLI and
 * tests need to stand up a user agent. Applications that already have a stack do not need it.
 */
public final class SipEndpoint implements AutoCloseable {
    private static final int STOP_ATTEMPTS = 5;
    private static final long STOP_RETRY_NANOS = 20_000_000L;

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;

    private SipEndpoint(SipStack stack, SipProvider provider, ListeningPoint listeningPoint) {
        this.stack = stack;
        this.provider = provider;
        this.listeningPoint = listeningPoint;
    }

    /**
     * Creates and starts a stack named {@code name} with {@code properties} (a sip-profile's
     * stack properties), listening on UDP {@code address:port}; port 0 picks a free one.
     */
    public static SipEndpoint start(String name, Properties properties, InetAddress address, int port)
            throws Exception {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("javax.sip.STACK_NAME", name);
        // Two stacks on one IP in one JVM work only without javax.sip.IP_ADDRESS (docs/JAIN-SIP.md §8).
        p.remove("javax.sip.IP_ADDRESS");
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack = factory.createSipStack(p);
        int chosen = port == 0 ? freeUdpPort(address) : port;
        ListeningPoint lp = stack.createListeningPoint(address.getHostAddress(), chosen, ListeningPoint.UDP);
        SipProvider provider = stack.createSipProvider(lp);
        stack.start();
        return new SipEndpoint(stack, provider, lp);
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
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

    /** {@code sip:user@host:port}. */
    public String uri(String user) {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        return "sip:" + user + "@" + h + ":" + port();
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
        stopStack();
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

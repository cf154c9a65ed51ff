package org.sipice.testing;

import java.net.InetAddress;
import java.util.function.UnaryOperator;
import org.sipice.profile.SipProfile;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;
import org.sipice.sip.SipTls;
import org.sipice.sip.SipTransport;

/** A sipice user agent on 127.0.0.1 with the loopback-demo profile, for tests. */
public final class TestUserAgent implements AutoCloseable {
    private final String user;
    private final SipEndpoint sip;
    private final IceUserAgent ua;

    private TestUserAgent(String user, SipEndpoint sip, IceUserAgent ua) {
        this.user = user;
        this.sip = sip;
        this.ua = ua;
    }

    public static TestUserAgent start(String user, CallListener listener) throws Exception {
        return start(user, listener, UnaryOperator.identity());
    }

    /** Starts {@code user} with the loopback-demo profile, its call settings adjusted by {@code tweak}. */
    public static TestUserAgent start(String user, CallListener listener, UnaryOperator<CallConfig> tweak)
            throws Exception {
        return start(user, listener, tweak, SipTransport.UDP);
    }

    /** As {@link #start(String, CallListener, UnaryOperator)}, listening on {@code transport} (default TLS settings). */
    public static TestUserAgent start(String user, CallListener listener, UnaryOperator<CallConfig> tweak,
            SipTransport transport) throws Exception {
        SipProfile profile = SipProfile.load("loopback-demo");
        SipEndpoint sip = startEndpoint(user, transport, SipTls.defaults());
        return new TestUserAgent(user, sip,
                IceUserAgent.create(sip.provider(), user, tweak.apply(profile.callConfig()), listener, null));
    }

    /** A bare JAIN-SIP endpoint (no sipice) with the loopback-demo stack properties. */
    public static SipEndpoint startEndpoint(String name) throws Exception {
        return startEndpoint(name, SipTransport.UDP, SipTls.defaults());
    }

    /** As {@link #startEndpoint(String)}, listening on {@code transport} with {@code tls}. */
    public static SipEndpoint startEndpoint(String name, SipTransport transport, SipTls tls) throws Exception {
        return SipEndpoint.start(name + "-" + System.nanoTime(), SipProfile.load("loopback-demo").stackProperties(),
                InetAddress.getByName("127.0.0.1"), 0, transport, tls);
    }

    public IceUserAgent ua() {
        return ua;
    }

    public SipEndpoint sip() {
        return sip;
    }

    /** {@code sip:user@127.0.0.1:port}. */
    public String uri() {
        return sip.uri(user);
    }

    @Override
    public void close() {
        ua.close();
        sip.close();
    }
}

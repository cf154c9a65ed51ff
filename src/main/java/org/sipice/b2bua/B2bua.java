package org.sipice.b2bua;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import org.sipice.b2bua.internal.Bridge;
import org.sipice.ice.IceSessionPool;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.CallEvent;
import org.sipice.sip.CallListener;
import org.sipice.sip.IceUserAgent;

/**
 * A back-to-back user agent that anchors media: each call through it is two SIP calls, each with
 * its own ICE session, credentials and candidates (RFC 8839 §7.5: a new leg is a complete new ICE
 * process). Toward the caller the B2BUA answers (ICE controlled), toward the callee it offers
 * (ICE controlling); RTP and RTCP are relayed between the two legs' selected pairs.
 *
 * <pre>
 *   B2bua b2bua = B2bua.builder(provider, invite -> Optional.of("sip:bob@192.0.2.7:5060"))
 *           .callConfig(profile.callConfig())
 *           .listener(event -> System.out.println(event))
 *           .start();
 *   ...
 *   b2bua.close();
 * </pre>
 *
 * <p>As soon as the incoming INVITE names the destination, the outgoing leg starts gathering, in
 * parallel with answering the incoming leg ({@link B2buaConfig.OutgoingLegStart#ON_INVITE}); with
 * an {@link IceSessionPool} both legs take sessions gathered in advance. By default the caller
 * hears 180 Ringing only once both legs are ICE-ready. One leg ending or failing ends the other;
 * an ICE restart on one leg (a re-INVITE with new credentials) stays on that leg.
 */
public final class B2bua implements AutoCloseable {
    private final IceUserAgent ua;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final B2buaRoute route;
    private final B2buaConfig config;
    private final B2buaListener listener;

    private B2bua(Builder b) {
        this.route = b.route;
        this.config = b.config;
        this.listener = b.listener;
        this.ua = IceUserAgent.create(b.provider, b.user, b.callConfig, new IncomingLegs(), b.application);
        if (b.pool != null) {
            ua.useSessionPool(b.pool);
        }
    }

    /**
     * A B2BUA on {@code provider} (one listening point, no listener yet) that sends each incoming
     * call where {@code route} says.
     */
    public static Builder builder(SipProvider provider, B2buaRoute route) {
        return new Builder(provider, route);
    }

    /** The user agent both legs use (same provider, same identity). */
    public IceUserAgent userAgent() {
        return ua;
    }

    /** Calls currently bridged or being set up. */
    public int activeBridges() {
        return bridges.size();
    }

    /** Ends every leg without signalling and detaches from the provider. */
    @Override
    public void close() {
        ua.close();
    }

    /** The agent's listener: it sees the incoming legs only (outgoing legs have their own). */
    private final class IncomingLegs implements CallListener {
        @Override
        public void incomingCall(Call call) {
            bridgeOf(call).onIncoming(call, route);
        }

        @Override
        public void onEvent(Call call, long atNanos, CallEvent event) {
            boolean invite = event instanceof CallEvent.SipMessage m && m.direction() == CallEvent.Direction.RECEIVED
                    && "INVITE".equals(m.label());
            Bridge bridge = invite ? bridgeOf(call) : bridges.get(call.id());
            if (bridge == null) {
                // After the bridge finished (a late ICE Closed): still the application's to see.
                listener.onEvent(new B2buaEvent.LegEvent(call.id(), B2buaEvent.Leg.INCOMING, call, atNanos, event));
                return;
            }
            bridge.onLegEvent(B2buaEvent.Leg.INCOMING, call, atNanos, event);
            if (event instanceof CallEvent.Ended && !bridge.routed()) {
                bridges.remove(call.id(), bridge); // refused by the SIP layer (bad SDP...) before routing
            }
        }

        /** The first event of an incoming call (its INVITE) creates its bridge. */
        private Bridge bridgeOf(Call call) {
            return bridges.computeIfAbsent(call.id(), id -> new Bridge(id, System.nanoTime(), config, listener,
                    ua::call, bridge -> bridges.remove(bridge.id(), bridge)));
        }
    }

    /** Builder for {@link B2bua}. */
    public static final class Builder {
        private final SipProvider provider;
        private final B2buaRoute route;
        private String user = "b2bua";
        private CallConfig callConfig = CallConfig.builder().build();
        private B2buaConfig config = B2buaConfig.defaults();
        private B2buaListener listener = B2buaListener.NONE;
        private IceSessionPool pool;
        private SipListener application;

        private Builder(SipProvider provider, B2buaRoute route) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.route = Objects.requireNonNull(route, "route");
        }

        /** The user part of our From and Contact URIs on both legs. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user);
            return this;
        }

        /** The SIP and ICE settings of both legs (usually a sip-profile's). */
        public Builder callConfig(CallConfig callConfig) {
            this.callConfig = Objects.requireNonNull(callConfig);
            return this;
        }

        public Builder config(B2buaConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        public Builder listener(B2buaListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Both legs take their ICE sessions from {@code pool} (gathered in advance); it stays the caller's to close. */
        public Builder pool(IceSessionPool pool) {
            this.pool = pool;
            return this;
        }

        /** The application's own SIP listener for what is not a call (OPTIONS, REGISTER...). */
        public Builder application(SipListener application) {
            this.application = application;
            return this;
        }

        public B2bua start() {
            return new B2bua(this);
        }
    }
}

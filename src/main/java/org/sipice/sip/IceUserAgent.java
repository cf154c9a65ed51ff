package org.sipice.sip;

import java.util.Collection;
import java.util.Objects;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import org.sipice.ice.IceSessionPool;
import org.sipice.sip.internal.SipDispatcher;

/**
 * ICE for an existing JAIN-SIP user agent. The application keeps its SipStack and SipProvider;
 * sipice becomes the provider's listener, handles INVITE, PRACK, ACK, CANCEL and BYE of its
 * calls (offer/answer with ICE, early answers, the ringing gate), and forwards everything else
 * to the application's own {@link SipListener}.
 *
 * <pre>
 *   IceUserAgent ua = IceUserAgent.create(provider, "alice", config, callListener, myListener);
 *   Call call = ua.call("sip:bob@192.0.2.7:5060");
 * </pre>
 */
public final class IceUserAgent implements AutoCloseable {
    private final SipDispatcher dispatcher;

    private IceUserAgent(SipDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * Installs sipice on {@code provider}.
     *
     * @param provider a provider with one listening point; it must have no listener yet
     * @param user the user part of our From and Contact URIs
     * @param config call settings (usually from a sip-profile)
     * @param listener the application's call listener
     * @param application the application's own SIP listener for everything else, or null
     */
    public static IceUserAgent create(SipProvider provider, String user, CallConfig config, CallListener listener,
            SipListener application) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        return new IceUserAgent(SipDispatcher.install(provider, user, config,
                listener == null ? new CallListener() { } : listener, application));
    }

    /** Calls {@code target}, a SIP URI such as {@code sip:bob@127.0.0.1:5062}. Returns at once. */
    public Call call(String target) {
        return dispatcher.call(target);
    }

    /**
     * Calls {@code target} with this call's events going to {@code listener} instead of the
     * agent's (a B2BUA or a controller gives each leg its own listener, with no race against the
     * call's first events). Returns at once.
     */
    public Call call(String target, CallListener listener) {
        return dispatcher.call(target, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * New calls take their ICE sessions from {@code pool}, gathered in advance, so an INVITE is
     * sent or answered without waiting for STUN or TURN; null goes back to gathering per call.
     * The pool should be built from the same {@link org.sipice.ice.IceConfig} as the agent's
     * {@link CallConfig#ice()}; it stays the application's to close.
     */
    public void useSessionPool(IceSessionPool pool) {
        dispatcher.useSessionPool(pool);
    }

    /**
     * Calls {@code target} with an INVITE without SDP (RFC 3261 §13.2.1), as a third-party call
     * controller does (RFC 3725): the callee makes the offer, in a reliable 18x (our answer goes
     * in the PRACK, ICE runs before it rings) or in its 200 OK (our answer goes in the ACK).
     * Returns at once.
     */
    public Call callWithoutOffer(String target) {
        return dispatcher.call(target, false);
    }

    /** Calls in progress. */
    public Collection<Call> calls() {
        return dispatcher.activeCalls();
    }

    /** Ends every call without signalling and detaches from the provider. The stack is the application's. */
    @Override
    public void close() {
        dispatcher.close();
    }
}

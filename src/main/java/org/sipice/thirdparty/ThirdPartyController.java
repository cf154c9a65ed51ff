package org.sipice.thirdparty;

import java.util.Map;
import java.util.Objects;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipProvider;
import org.sipice.thirdparty.internal.ControllerDispatcher;
import org.sipice.thirdparty.internal.ControllerSip;
import org.sipice.thirdparty.internal.Session;

/**
 * Third-party call control (RFC 3725) on a JAIN-SIP provider: the controller sets up a call
 * between two user agents and moves one of them to a third, without touching media. Each party
 * runs its own ICE toward the other; the controller passes their SDP, ICE attributes included,
 * unchanged (RFC 8839 §7.5).
 *
 * <pre>
 *   ThirdPartyController controller = ThirdPartyController.builder(provider).start();
 *   ControlledCall call = controller.connect("sip:alice@192.0.2.1", "sip:bob@192.0.2.2", Flow.I);
 *   call.connected().get();                       // Alice and Bob run ICE and talk
 *   call.transfer("sip:carol@192.0.2.3").get();   // Alice restarts ICE toward Carol; Bob gets BYE
 *   call.hangup();
 * </pre>
 *
 * <p>Flows {@link Flow#I}, {@link Flow#III} and {@link Flow#IV} are supported; {@link Flow#II}
 * is refused (see its documentation: both ends would be answerers). A transfer sends A an
 * offerless re-INVITE (RFC 3725 §7): A restarts ICE with new credentials and freshly gathered
 * candidates, as RFC 8839 §7.5 requires, and the new party answers that offer.
 */
public final class ThirdPartyController implements AutoCloseable {
    private final SipProvider provider;
    private final ControllerSip sip;
    private final ControllerDispatcher dispatcher;
    private final ControllerListener listener;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private ThirdPartyController(Builder b) {
        this.provider = b.provider;
        this.sip = new ControllerSip(b.provider, b.user);
        this.dispatcher = new ControllerDispatcher(sip);
        this.listener = b.listener;
        try {
            provider.addSipListener(dispatcher);
        } catch (TooManyListenersException e) {
            throw new IllegalStateException("the provider already has a SipListener: the controller needs its own", e);
        }
    }

    public static Builder builder(SipProvider provider) {
        return new Builder(provider);
    }

    /**
     * Connects {@code a} and {@code b} (SIP URIs) with {@code flow}. Returns at once.
     *
     * @throws IllegalArgumentException for {@link Flow#II}, which cannot work with ICE
     */
    public ControlledCall connect(String a, String b, Flow flow) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (flow == Flow.II) {
            throw new IllegalArgumentException("RFC 3725 Flow II cannot work with ICE (RFC 8839 §7.5): it forwards A's "
                    + "answer to a black hole as an offer to B, so both A and B believe they are the answerer: both "
                    + "take the controlled role and neither sends the updated offer that concludes ICE, and A's ICE "
                    + "credentials answer the black hole's, not B's. Use Flow.I, Flow.III or Flow.IV");
        }
        Session session = new Session(sip, event -> {
            listener.onEvent(event);
            if (event instanceof ControllerEvent.Ended ended) {
                sessions.remove(ended.call());
            }
        }, dispatcher);
        session.start(Objects.requireNonNull(flow, "flow"), a, b);
        sessions.put(session.id(), session);
        return session;
    }

    /** Controlled calls not yet ended. */
    public int activeCalls() {
        return sessions.size();
    }

    /** Dialogs (one per party of every call) not yet ended. */
    public int liveDialogs() {
        return dispatcher.liveLegs();
    }

    /** Hangs up every call and detaches from the provider (the stack stays the application's). */
    @Override
    public void close() {
        for (Session s : sessions.values()) {
            s.hangup();
        }
        provider.removeSipListener(dispatcher);
    }

    /** Builder for {@link ThirdPartyController}. */
    public static final class Builder {
        private final SipProvider provider;
        private String user = "controller";
        private ControllerListener listener = ControllerListener.NONE;

        private Builder(SipProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /** The user part of our From and Contact URIs. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user);
            return this;
        }

        public Builder listener(ControllerListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public ThirdPartyController start() {
            return new ThirdPartyController(this);
        }
    }
}

package org.sipice.testing;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;

/**
 * Alice (controlling) and Bob (controlled), two ICE sessions of a test, each with its event
 * recorder, both closed after each test. Joined in one line, as SIP offer/answer would:
 *
 * <pre>
 * &#64;RegisterExtension
 * final SessionPair&lt;IceSession&gt; peers = SessionPair.of(IceSession::create);
 * ...
 * IceSession alice = peers.alice(config);
 * IceSession bob = peers.bob(config);
 * peers.connect(DEADLINE);
 * peers.aliceEvents().await(IceEvent.Completed.class, DEADLINE);
 * </pre>
 *
 * @param <S> the kind of session (the engine's tests use {@code LoopSession} directly)
 */
public final class SessionPair<S extends IceSession> implements AfterEachCallback {
    /** Makes a session: {@code IceSession::create}, {@code LoopSession::new}. */
    @FunctionalInterface
    public interface Factory<S extends IceSession> {
        S create(IceConfig config, IceRole role, IceEventListener listener);
    }

    private final Factory<S> factory;
    private final EventRecorder aliceEvents = new EventRecorder();
    private final EventRecorder bobEvents = new EventRecorder();
    private S alice;
    private S bob;

    private SessionPair(Factory<S> factory) {
        this.factory = factory;
    }

    public static <S extends IceSession> SessionPair<S> of(Factory<S> factory) {
        return new SessionPair<>(factory);
    }

    /** Starts Alice's session, controlling, recording into {@link #aliceEvents()}. */
    public S alice(IceConfig config) {
        alice = factory.create(config, IceRole.CONTROLLING, aliceEvents);
        return alice;
    }

    /** Starts Bob's session, controlled, recording into {@link #bobEvents()}. */
    public S bob(IceConfig config) {
        bob = factory.create(config, IceRole.CONTROLLED, bobEvents);
        return bob;
    }

    /** Starts Alice's session in {@code role} (a role conflict, a swapped offer). */
    public S alice(IceConfig config, IceRole role) {
        alice = factory.create(config, role, aliceEvents);
        return alice;
    }

    /** Starts Bob's session in {@code role}. */
    public S bob(IceConfig config, IceRole role) {
        bob = factory.create(config, role, bobEvents);
        return bob;
    }

    /** Alice's session, once started. */
    public S alice() {
        return alice;
    }

    /** Bob's session, once started. */
    public S bob() {
        return bob;
    }

    public EventRecorder aliceEvents() {
        return aliceEvents;
    }

    public EventRecorder bobEvents() {
        return bobEvents;
    }

    /** Alice offers, Bob answers ({@link IcePeers#connect}): both complete within {@code timeout}. */
    public void connect(Duration timeout) throws Exception {
        IcePeers.connect(alice, bob, timeout);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }
}

package org.sipice.ice.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.internal.engine.session.LoopSession;
import org.sipice.sdp.IceCredentials;

/**
 * What {@link IceSession#createFork} returns: an ICE session for one more fork of a forked INVITE (RFC 3261 §12.1, §13.2.2.4): the offerer
 * sent one offer, so every answerer checks against the same candidates, ufrag and pwd. RFC 8839
 * §7.3 gives each answer its own check list, and the ufrag in the checks' USERNAME tells the
 * forks apart ("the connectivity checks ... carry username fragments, which in turn are
 * correlated to a specific callee"; media on a check's 5-tuple is that callee's).
 *
 * <p>So a fork's session is a further check list on the generation the offer came from
 * ({@link LoopSession#fork}): no gathering of its own, no port of its own (under
 * {@code sipice.udp-mux} the offer's ufrag stays registered once), one TURN allocation whatever
 * the number of forks. Closing the losing forks frees their check lists only; closing the
 * offering session (when another fork won) leaves the ports and allocations to the winner.
 *
 * <p>When the offering session has no open generation with those credentials (it was closed, or
 * is not one of ours), the fork falls back to a session of its own ports that answers with the
 * offer's credentials: the fork learns its addresses as peer-reflexive candidates from our checks
 * (RFC 8445 §7.3.1.3). A restart of a fork's session gets fresh credentials and candidates as usual.
 */
public final class ForkedIceSession {
    private ForkedIceSession() {
    }

    /**
     * A session (not gathered yet) that checks against a further fork's answer to the offer
     * {@code offerer}'s generation with {@code offered} credentials went out in.
     */
    public static IceSession create(IceConfig config, IceRole role, IceCredentials offered, IceSession offerer,
            IceEventListener listener) {
        AtomicReference<IceEventListener> target = new AtomicReference<>(IceEventListener.NONE);
        IceEventListener relay = event -> target.get().onEvent(event);
        LoopSession first = offeringGeneration(offerer, offered)
                .flatMap(generation -> forkOf(generation, role, relay))
                .orElseGet(() -> {
                    LoopSession own = new LoopSession(config, role, relay);
                    own.shareCredentials(offered);
                    return own;
                });
        return RestartableIceSession.adopt(config, role, listener, first, target::set);
    }

    /** A session of its own ports with the offer's credentials (no offering session to share). */
    public static IceSession create(IceConfig config, IceRole role, IceCredentials offered,
            IceEventListener listener) {
        return create(config, role, offered, null, listener);
    }

    private static Optional<LoopSession> offeringGeneration(IceSession offerer, IceCredentials offered) {
        return offerer instanceof RestartableIceSession r ? r.generationWith(offered) : Optional.empty();
    }

    private static Optional<LoopSession> forkOf(LoopSession generation, IceRole role, IceEventListener listener) {
        try {
            return Optional.of(generation.fork(role, listener));
        } catch (IllegalStateException closedMeanwhile) {
            return Optional.empty();
        }
    }
}

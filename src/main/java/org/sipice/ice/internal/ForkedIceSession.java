package org.sipice.ice.internal;

import org.sipice.ice.internal.engine.session.LoopSession;
import java.util.concurrent.atomic.AtomicReference;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.sdp.IceCredentials;

/**
 * What {@link IceSession#createFork} returns: an ICE session for one more fork of a forked
 * INVITE (RFC 3261 §12.1, §13.2.2.4): the offerer sent one offer, so every answerer checks
 * against the same ufrag and pwd. RFC 8839 §7 gives each answer a fully independent ICE instance (its own pairs, check list and states); the ufrag of
 * each answerer's checks tells them apart.
 *
 * <p>ice4j cannot share an agent's sockets with a second agent, so this session binds its own host
 * sockets (not signalled: the fork learns them as peer-reflexive candidates from our checks, RFC
 * 8445 §7.3.1.3) and answers with the offer's credentials, which is what the fork's checks and
 * triggered checks carry. Checks the fork sends to the signalled candidates reach the first
 * session, which knows the same credentials and answers them; the fork only selects what our
 * nominations on this session's pairs tell it to. A restart gets fresh credentials as usual.
 */
public final class ForkedIceSession {
    private ForkedIceSession() {
    }

    /** A session (not gathered yet) whose first generation uses {@code offered}. */
    public static IceSession create(IceConfig config, IceRole role, IceCredentials offered,
            IceEventListener listener) {
        AtomicReference<IceEventListener> target = new AtomicReference<>(IceEventListener.NONE);
        LoopSession first = new LoopSession(config, role, event -> target.get().onEvent(event));
        first.shareCredentials(offered);
        return RestartableIceSession.adopt(config, role, listener, first, target::set);
    }
}

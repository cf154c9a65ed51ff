package org.sipice.sip.internal;

import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.IceSessionPool;

/**
 * Where the calls of one user agent get their ICE sessions: from the application's
 * {@link IceSessionPool} when one is installed (gathered in advance, so an INVITE is offered or
 * answered without waiting for STUN/TURN), else a fresh session that gathers on demand.
 */
final class IceSessions {
    private final IceConfig config;
    private volatile IceSessionPool pool;

    IceSessions(IceConfig config) {
        this.config = config;
    }

    /** Installs (or with null removes) the pool. The pool stays the application's to close. */
    void use(IceSessionPool pool) {
        this.pool = pool;
    }

    /** A session for one call in {@code role}, reporting to {@code listener}. */
    IceSession create(IceRole role, IceEventListener listener) {
        IceSessionPool p = pool;
        if (p != null) {
            try {
                return p.take(role, listener);
            } catch (IllegalStateException closed) {
                // The application closed its pool: gather on demand, as without one.
            }
        }
        return IceSession.create(config, role, listener);
    }
}

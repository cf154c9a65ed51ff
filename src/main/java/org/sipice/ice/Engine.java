package org.sipice.ice;

import java.time.Duration;
import org.sipice.ice.internal.ForkedIceSession;
import org.sipice.ice.internal.RestartableIceSession;
import org.sipice.ice.internal.SessionPool;
import org.sipice.sdp.IceCredentials;

/**
 * The one place where {@code org.sipice.ice} reaches its implementation: the static factories of
 * {@link IceSession} and {@link IceSessionPool} delegate here, and nothing else in this package
 * imports {@code org.sipice.ice.internal}. Package-private, so it is no part of the API; the
 * architecture test allows this class, and only this class, the dependency (docs/ARCHITECTURE.md,
 * "Public API").
 */
final class Engine {
    private Engine() {
    }

    static IceSession session(IceConfig config, IceRole role, IceEventListener listener) {
        return new RestartableIceSession(config, role, listener);
    }

    static IceSession fork(IceConfig config, IceRole role, IceSession offering, IceCredentials offered,
            IceEventListener listener) {
        return ForkedIceSession.create(config, role, offered, offering, listener);
    }

    static IceSessionPool pool(IceConfig config, int size, Duration maxIdle) {
        return SessionPool.start(config, size, maxIdle);
    }
}

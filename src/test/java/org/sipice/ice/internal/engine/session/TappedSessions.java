package org.sipice.ice.internal.engine.session;

import org.sipice.ice.IceConfig;
import org.sipice.ice.IceEventListener;
import org.sipice.ice.IceRole;
import org.sipice.ice.IceSession;
import org.sipice.ice.internal.engine.loop.IceLoop;
import org.sipice.ice.internal.engine.loop.LoopScheduler;
import org.sipice.ice.internal.engine.net.PortTap;

/**
 * Test-only factory: one engine session (one generation, on the shared loops and real UDP) whose
 * host ports are seen through {@code tap}, so that a test watches, or loses, what this one
 * session sends and receives (docs/ENGINE.md, "How tests observe the wire").
 */
public final class TappedSessions {
    private TappedSessions() {
    }

    public static IceSession create(IceConfig config, IceRole role, IceEventListener listener, PortTap tap) {
        IceLoop loops = IceLoop.shared();
        LoopScheduler scheduler = (LoopScheduler) loops.scheduler();
        PortOpener udp = PortOpener.udp(loops, scheduler);
        PortOpener tapped = (local, component, receiver) ->
                PortTap.open(tap, receiver, r -> udp.open(local, component, r));
        return new LoopSession(config, role, listener, scheduler, tapped);
    }
}

package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.util.List;
import org.sipice.ice.CandidatePairInfo;
import org.sipice.ice.internal.engine.mux.MuxedPort;

/**
 * Single-port mode: once a pair is validated its remote address has proved it knows our
 * credentials (RFC 8445 §7.2.5.3), so what comes from it (media, USERNAME-less STUN) belongs to
 * this session: the component's view of the shared port is bound to it (docs/ENGINE.md, "UDP mux").
 */
final class MuxBinding {
    private MuxBinding() {
    }

    static void validated(List<GatheredCandidate> gathered, CandidatePairInfo pair) {
        for (GatheredCandidate g : gathered) {
            if (g.port() instanceof MuxedPort view && g.candidate().componentId() == pair.componentId()) {
                view.bind(new InetSocketAddress(pair.remote().address(), pair.remote().port()));
                return;
            }
        }
    }
}

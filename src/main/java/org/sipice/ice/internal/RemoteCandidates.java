package org.sipice.ice.internal;

import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.RemoteCandidate;
import org.sipice.ice.IceConfig;
import org.sipice.ice.IceRole;
import org.sipice.ice.RemoteIce;
import org.sipice.sdp.IceCandidate;

/** Gives an ice4j agent what the peer signalled: credentials, pacing, role rule, candidates. */
final class RemoteCandidates {
    private static final Logger LOG = LogManager.getLogger(RemoteCandidates.class);

    private RemoteCandidates() {
    }

    /**
     * Applies {@code remote} to the agent and its stream, before checks start.
     *
     * @return how many remote candidates ice4j can use (0 means ICE cannot run)
     */
    static int apply(Agent agent, IceMediaStream stream, IceConfig config, IceRole role, RemoteIce remote,
            String name) {
        stream.setRemoteUfrag(remote.credentials().ufrag());
        stream.setRemotePassword(remote.credentials().pwd());
        // RFC 8839 §4.3.2: both agents pace checks with the larger of the two Ta values.
        agent.setTa(Math.max(config.ta().toMillis(), remote.icePacing().orElse(0)));
        // RFC 8445 §6.1.1: a full agent is controlling toward an ICE-lite peer.
        if (remote.iceLite() && role == IceRole.CONTROLLED) {
            agent.setControlling(true);
        }
        int added = 0;
        for (IceCandidate c : remote.candidates()) {
            Component component = stream.getComponent(c.componentId());
            if (component == null) {
                LOG.debug("{}: remote candidate for unknown component ignored: {}", name, c);
                continue;
            }
            Optional<RemoteCandidate> rc = CandidateMapping.toRemote(c, component, remote.credentials().ufrag());
            if (rc.isPresent()) {
                component.addRemoteCandidate(rc.get());
                added++;
            } else {
                LOG.debug("{}: remote candidate not usable (RFC 8839 §5.1): {}", name, c);
            }
        }
        return added;
    }
}

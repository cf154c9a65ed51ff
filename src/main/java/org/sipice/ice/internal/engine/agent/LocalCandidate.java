package org.sipice.ice.internal.engine.agent;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.sdp.IceCandidate;

/**
 * One of our candidates as the agent uses it.
 *
 * @param candidate the candidate as signalled: priority (RFC 8445 §5.1.2) and foundation
 *                  (§5.1.1.3) computed by the gatherer
 * @param port      where its checks and media leave from: the host port for a host or
 *                  server-reflexive candidate, the relayed port for a relayed one
 * @param base      its base (RFC 8445 §5.1.1.1): the host address for host and server-reflexive
 *                  candidates, the relayed address for a relayed one
 */
public record LocalCandidate(IceCandidate candidate, DatagramPort port, InetSocketAddress base) {

    public LocalCandidate {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(base, "base");
    }

    public int componentId() {
        return candidate.componentId();
    }
}

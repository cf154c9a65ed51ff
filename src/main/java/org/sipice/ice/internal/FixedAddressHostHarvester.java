package org.sipice.ice.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;

/**
 * Host candidates on exactly the given addresses (RFC 8445 §5.1.1.1), loopback included, in
 * order of preference: {@link HostCandidatePolicy} chose them, from the configured addresses or
 * from the machine's interfaces. It is the agent's only host harvester: ice4j's own skips loopback
 * interfaces and reads process-wide filters (reference/ice4j.md §3.5). Each candidate's local
 * preference follows its rank, so no two host candidates of a component share a priority.
 */
final class FixedAddressHostHarvester extends AbstractCandidateHarvester {
    private static final Logger LOG = LogManager.getLogger(FixedAddressHostHarvester.class);

    private final List<InetAddress> addresses;
    private final HostSocketFactory sockets;

    FixedAddressHostHarvester(List<InetAddress> addresses, HostSocketFactory sockets) {
        this.addresses = List.copyOf(addresses);
        this.sockets = sockets;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> found = new ArrayList<>();
        for (int rank = 0; rank < addresses.size(); rank++) {
            InetAddress address = addresses.get(rank);
            IceSocketWrapper socket;
            try {
                socket = new IceUdpSocketWrapper(sockets.open(address));
            } catch (IOException e) {
                LOG.warn("cannot bind a host candidate on {}: {}", address.getHostAddress(), e.toString());
                continue;
            }
            HostCandidate candidate = new RankedHostCandidate(socket, component,
                    HostCandidatePolicy.localPreference(rank));
            component.addLocalCandidate(candidate);
            // Checks and STUN gathering are sent from the host candidate's socket.
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            ComponentSocket componentSocket = component.getComponentSocket();
            if (componentSocket != null) {
                componentSocket.add(socket);
            }
            found.add(candidate);
        }
        return found;
    }

    @Override
    public String toString() {
        return "host harvester on " + addresses;
    }
}

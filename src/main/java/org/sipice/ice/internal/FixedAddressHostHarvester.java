package org.sipice.ice.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;

/**
 * Host candidates on exactly the configured addresses (RFC 8445 §5.1.1.1), loopback included.
 * ice4j's own host harvester skips loopback interfaces (reference/ice4j.md §3.5), which would
 * make single-machine calls, the demo and our tests impossible.
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
        for (InetAddress address : addresses) {
            IceSocketWrapper socket;
            try {
                socket = new IceUdpSocketWrapper(sockets.open(address));
            } catch (IOException e) {
                LOG.warn("cannot bind a host candidate on {}: {}", address.getHostAddress(), e.toString());
                continue;
            }
            HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
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

package org.sipice.ice.internal.nomination;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.CandidatePair;

/**
 * Orders candidate pairs for selection; greater is better. First the pair priority (RFC 8445
 * §6.1.2.3), which both agents compute alike. Equal priorities happen (ice4j gives its first two
 * host candidates the same one, reference/ice4j.md §8), and RFC 8445 leaves the choice open; yet
 * two agents that pick differently never agree. The tie-break therefore uses only what both sides
 * see the same way: the controlling agent's candidate address, then the controlled agent's, each
 * IPv6 first (RFC 8421 §4 prefers IPv6), then the lower address, then the lower port.
 */
final class PairRanking implements Comparator<CandidatePair> {
    static final PairRanking INSTANCE = new PairRanking();

    private PairRanking() {
    }

    @Override
    public int compare(CandidatePair a, CandidatePair b) {
        int byPriority = Long.compare(a.getPriority(), b.getPriority());
        if (byPriority != 0) {
            return byPriority;
        }
        int byControlling = compare(a.getControllingAgentCandidate(), b.getControllingAgentCandidate());
        if (byControlling != 0) {
            return byControlling;
        }
        return compare(a.getControlledAgentCandidate(), b.getControlledAgentCandidate());
    }

    private static int compare(Candidate<?> a, Candidate<?> b) {
        TransportAddress x = a.getTransportAddress();
        TransportAddress y = b.getTransportAddress();
        byte[] xb = bytes(x.getAddress());
        byte[] yb = bytes(y.getAddress());
        if (xb.length != yb.length) {
            return Integer.compare(xb.length, yb.length); // 16-byte IPv6 ranks above IPv4
        }
        int byAddress = Arrays.compareUnsigned(yb, xb); // the lower address ranks higher
        return byAddress != 0 ? byAddress : Integer.compare(y.getPort(), x.getPort());
    }

    private static byte[] bytes(InetAddress address) {
        return address == null ? new byte[0] : address.getAddress();
    }
}

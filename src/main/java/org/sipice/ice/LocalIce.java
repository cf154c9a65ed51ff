package org.sipice.ice;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;
import org.sipice.sdp.TransportAddr;

/**
 * What the local agent signals in SDP once gathering is over: its credentials, candidates and
 * the default candidate of each component (RFC 8839 §4.2.1.2, RFC 8445 §5.1.4).
 *
 * @param credentials ice-ufrag/ice-pwd (RFC 8839 §5.4)
 * @param candidates every local candidate, all components
 * @param defaults default candidate per component id, for {@code c=}/{@code m=} and {@code a=rtcp}
 */
public record LocalIce(IceCredentials credentials, List<IceCandidate> candidates,
        Map<Integer, TransportAddr> defaults) {
    public LocalIce {
        Objects.requireNonNull(credentials);
        candidates = List.copyOf(candidates);
        defaults = Map.copyOf(defaults);
    }
}

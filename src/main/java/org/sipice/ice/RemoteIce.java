package org.sipice.ice;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.sipice.sdp.IceCandidate;
import org.sipice.sdp.IceCredentials;

/**
 * The peer's ICE parameters as read from its SDP.
 *
 * @param credentials the peer's ice-ufrag/ice-pwd
 * @param candidates the peer's candidates (already filtered by the codec)
 * @param iceLite the peer is an ICE-lite agent (RFC 8445 §2.5)
 * @param icePacing the peer's advertised Ta in ms, if any (RFC 8839 §4.3.2)
 * @param iceOptions the peer's ice-options tags, e.g. {@code ice2} (RFC 8839 §5.6)
 */
public record RemoteIce(IceCredentials credentials, List<IceCandidate> candidates, boolean iceLite,
        OptionalInt icePacing, List<String> iceOptions) {
    public RemoteIce {
        Objects.requireNonNull(credentials);
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(icePacing);
        iceOptions = List.copyOf(iceOptions);
    }
}

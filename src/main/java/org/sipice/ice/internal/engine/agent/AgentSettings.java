package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import java.util.Objects;
import org.sipice.ice.IceRole;
import org.sipice.ice.NominationMode;
import org.sipice.sdp.IceCredentials;

/**
 * What one {@link Agent} is configured with: an immutable value the session builds from its
 * {@code IceConfig}.
 *
 * @param role              the initial role (RFC 8445 §6.1.1; the SIP offerer controls)
 * @param tieBreaker        the 64-bit random tie-breaker of role conflicts (RFC 8445 §7.3.1.1)
 * @param local             our ice-ufrag and ice-pwd (RFC 8445 §5.3)
 * @param components        the number of components, 1 (rtcp-mux) or 2 (RTP and RTCP)
 * @param ta                the pacing interval between checks (RFC 8445 §14.2); the peer's
 *                          {@code a=ice-pacing} raises it (RFC 8839 §4.3.2)
 * @param nomination        the nomination mode used while controlling (RFC 8445 §8.1.1)
 * @param checksTimeout     how long the checks may run before the agent reports Failed
 * @param consentInterval   the mean interval between consent checks (RFC 7675 §5.1: 5 s)
 * @param consentTimeout    consent is lost after this long without a response (RFC 7675 §5.1: 30 s)
 * @param keepaliveInterval the interval of keepalives on a selected pair (RFC 8445 §11: 15 s)
 * @param relayOnly         pairs only from relayed local candidates (a privacy setting)
 * @param udpBlocked        UDP is known blocked beyond this host's networks (configured or found
 *                          while gathering): UDP pairs that would need it are not formed
 *                          ({@link UdpBlockedPruning})
 */
public record AgentSettings(IceRole role, long tieBreaker, IceCredentials local, int components, Duration ta,
        NominationMode nomination, Duration checksTimeout, Duration consentInterval, Duration consentTimeout,
        Duration keepaliveInterval, boolean relayOnly, boolean udpBlocked) {

    public AgentSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(ta, "ta");
        Objects.requireNonNull(nomination, "nomination");
        Objects.requireNonNull(checksTimeout, "checksTimeout");
        Objects.requireNonNull(consentInterval, "consentInterval");
        Objects.requireNonNull(consentTimeout, "consentTimeout");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        if (components < 1 || components > 256) {
            throw new IllegalArgumentException("components " + components + " outside 1..256 (RFC 8839 §5.1)");
        }
        if (ta.isNegative() || ta.isZero()) {
            throw new IllegalArgumentException("Ta must be positive: " + ta);
        }
    }
}

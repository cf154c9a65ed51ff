package org.sipice.ice.internal.engine.session;

import java.time.Duration;
import java.util.List;

/**
 * When the gathering deadline waits longer for a relay over TCP or TLS. Over a stream an
 * allocation costs the TCP handshake and, for TLS, the TLS handshake (one or two round trips,
 * plus loading the JDK's TLS code in a fresh process) before the Allocate's own two round trips
 * (RFC 8656 §3.1, §7.2), so it can miss a deadline sized for STUN over UDP. When nothing answered
 * over UDP (no server-reflexive candidate, no relay over UDP) that relay may be the call's only
 * way past its network, and a gathering that ends without it makes a call that cannot work
 * (measured in the NAT lab: freshly started `sipice call` processes on a loaded machine got
 * their TURN/TLS allocation after 800 ms, and the UDP-blocked call failed). The deadline then
 * waits up to {@link #EXTRA} more for the components still without a relay, and ends as soon
 * as their allocations are done. When UDP works, nothing changes: RFC 8839 §7.1.1 wants the
 * answer as soon as gathering ends.
 */
final class StreamRelayGrace {
    /** How much longer than the gathering deadline a relay over TCP/TLS is waited for. */
    static final Duration EXTRA = Duration.ofSeconds(2);

    private StreamRelayGrace() {
    }

    /** At the deadline: nothing came over UDP, and an allocation over TCP/TLS is still under way. */
    static boolean applies(List<GatheredCandidate> serverReflexive, RelayGathering relays) {
        return serverReflexive.isEmpty() && !relays.grantedOverUdp() && relays.streamAllocationOutstanding();
    }
}

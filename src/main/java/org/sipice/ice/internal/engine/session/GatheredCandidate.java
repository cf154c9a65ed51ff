package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import org.sipice.ice.internal.engine.net.DatagramPort;
import org.sipice.sdp.IceCandidate;

/**
 * One local candidate a gathering produced.
 *
 * @param candidate the candidate as signalled (priority and foundation already computed)
 * @param port      where checks and media leave from: the host port for host and
 *                  server-reflexive candidates (RFC 8445 §7.2.4: from the base), the relayed
 *                  port for a relayed one
 * @param base      the base (RFC 8445 §5.1.1.3): the host port's address, or the relayed address
 * @param url       for stats: the STUN or TURN server that gave it ({@code stun:host:port},
 *                  {@code turn:host:port?transport=udp}); null for a host candidate
 */
record GatheredCandidate(IceCandidate candidate, DatagramPort port, InetSocketAddress base, String url) {
}

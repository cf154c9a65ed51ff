/**
 * The pure RFC 8839 ICE SDP codec: no sockets, no ice4j, no javax.sdp, only the JDK.
 *
 * <p>{@link org.sipice.sdp.IceSdp#parse(String)} reads an SDP body line by line (RFC 4566 §5) into an
 * immutable {@link org.sipice.sdp.IceDescription}; {@link org.sipice.sdp.IceSdp#format(IceDescription)}
 * writes it back. Parse and format are mirrors: every line of the input, ICE or not, known or not,
 * comes back in its original order and spelling, with CRLF line endings (LF-only input is accepted).
 * The typed views ({@link org.sipice.sdp.IceMedia#candidates()}, credentials, options...) are
 * interpretations of those lines, and the builders edit the lines through them.
 *
 * <h2>Strict or tolerant</h2>
 * The codec is strict where a mandatory attribute is broken, because guessing would lead to
 * checks that can never succeed; it is tolerant where RFC 8839 tells an agent to ignore what it
 * does not understand. Strict means an {@link org.sipice.sdp.IceSdpException} naming the attribute,
 * the line number, a short quote of the line (never of a secret, see {@link org.sipice.sdp.SdpSecrets})
 * and the reason:
 * <ul>
 *   <li>a body above one of the {@link org.sipice.sdp.SdpLimits} (size, line length, m= lines,
 *       candidates per m= line), which the builders hold too;</li>
 *   <li>a line that is not {@code <type>=<value>}, or a body that does not start with {@code v=} (RFC 4566 §5),
 *       or that has no {@code o=} line in its session part (RFC 8866 §5.2: the builders need one too);</li>
 *   <li>a malformed {@code m=} line (RFC 4566 §5.14) or {@code c=} line (RFC 4566 §5.7);</li>
 *   <li>{@code a=ice-ufrag}/{@code a=ice-pwd} with a character outside ice-char, a ufrag outside 4..256
 *       or a pwd outside 22..256 characters, a duplicate in one scope, or a media stream that ends up
 *       with one of the two but not the other (RFC 8839 §5.4);</li>
 *   <li>an {@code a=candidate} with fewer than eight fields, no {@code typ}, or a bad foundation,
 *       component-id, priority, port or rport (RFC 8839 §5.1);</li>
 *   <li>a malformed {@code a=remote-candidates} list (RFC 8839 §5.2);</li>
 *   <li>an {@code a=ice-pacing} that is not 1*10DIGIT or is duplicated (RFC 8839 §5.5);</li>
 *   <li>an {@code a=rtcp} whose port is not a port (RFC 3605 §2.1), since it is the default
 *       destination of component 2 (RFC 8839 §3).</li>
 * </ul>
 * Tolerant means the line is kept for the round trip, left out of the typed view, and recorded as a
 * {@link org.sipice.sdp.SkippedLine} with its reason:
 * <ul>
 *   <li>a candidate with a transport other than UDP (RFC 8839 §5.1) or TCP (RFC 6544);</li>
 *   <li>a candidate with a candidate type other than host/srflx/prflx/relay (RFC 8839 §5.1);</li>
 *   <li>a candidate whose address is neither IPv4, IPv6 nor a host name (RFC 8839 §5.1: "MUST ignore"
 *       candidates with unrecognised address versions);</li>
 *   <li>a candidate with a malformed extension (a name without value, a name that is not a token),
 *       a duplicated raddr/rport, or an unknown tcptype (RFC 6544 §4.5);</li>
 *   <li>an ICE attribute at the wrong level: candidate, remote-candidates or ice-mismatch at session
 *       level, ice-lite at media level (RFC 8839 §5.1-§5.3); an {@code a=ice-options} with no tag (§5.6);</li>
 *   <li>an {@code a=} line without an attribute name (RFC 4566 §5.13).</li>
 * </ul>
 * Candidates whose address is an FQDN, including mDNS {@code .local} names, are parsed and kept in
 * {@link org.sipice.sdp.IceMedia#candidates()} but flagged {@link org.sipice.sdp.IceCandidate#isFqdn()} /
 * {@link org.sipice.sdp.IceCandidate#isMdns()}: RFC 8839 §5.1 says an agent MUST ignore them unless an
 * extension tells it how to resolve them, and that is the ICE agent's decision, not the codec's.
 * Unknown attributes and unknown candidate extensions are never an error.
 */
package org.sipice.sdp;

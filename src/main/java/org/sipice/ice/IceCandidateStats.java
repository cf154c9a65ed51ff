package org.sipice.ice;

/**
 * One candidate as a diagnostics report shows it, named after WebRTC's {@code RTCIceCandidateStats}
 * (W3C webrtc-stats §8.8) so tools that read browser stats read these too.
 *
 * @param id             unique within one {@link IceStats} ({@code L1}, {@code R2}...); pairs refer to it
 * @param isRemote       true for the peer's candidates (signalled or peer-reflexive)
 * @param componentId    1 RTP, 2 RTCP (RFC 8445 §4: not in WebRTC, which muxes)
 * @param candidateType  {@code host}, {@code srflx}, {@code prflx} or {@code relay} (RFC 8839 §5.1)
 * @param protocol       {@code udp}
 * @param address        the candidate's IP address
 * @param port           its port
 * @param priority       the candidate priority (RFC 8445 §5.1.2)
 * @param foundation     the foundation (RFC 8445 §5.1.1.3)
 * @param relatedAddress the base or mapped address for srflx/prflx/relay ({@code raddr}), or null
 * @param relatedPort    its port ({@code rport}), or null
 * @param relayProtocol  for a local relayed candidate, how it reaches the TURN server ({@code udp}, {@code tcp} or {@code tls}); else null
 * @param url            for a local srflx or relay candidate, the STUN/TURN server that gave it; else null
 */
public record IceCandidateStats(String id, boolean isRemote, int componentId, String candidateType, String protocol,
        String address, int port, long priority, String foundation, String relatedAddress, Integer relatedPort,
        String relayProtocol, String url) {

    /** {@code 127.0.0.1:40000}, or {@code [::1]:40000}. */
    public String hostPort() {
        return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
    }
}

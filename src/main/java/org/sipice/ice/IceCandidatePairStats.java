package org.sipice.ice;

/**
 * One candidate pair as a diagnostics report shows it, named after WebRTC's
 * {@code RTCIceCandidatePairStats} (W3C webrtc-stats §8.7).
 *
 * <p>Counts are since the pair appeared. Connectivity checks (RFC 8445 §7.2) and consent checks
 * (RFC 7675) both count as requests; retransmissions of one check do not. A round trip is
 * measured from when a request first left to its authenticated success response, so a response to
 * a retransmitted request reports the whole wait.
 *
 * @param id                   unique within one {@link IceStats} ({@code P1}...)
 * @param componentId          1 RTP, 2 RTCP
 * @param localCandidateId     the {@link IceCandidateStats#id()} of the local candidate
 * @param remoteCandidateId    the {@link IceCandidateStats#id()} of the remote candidate
 * @param state                {@code frozen}, {@code waiting}, {@code in-progress}, {@code succeeded} or
 *                             {@code failed} (RFC 8445 §6.1.2.6), or {@code cancelled}: the check was
 *                             under way when its component was selected and ceased (§8.1.2), no failure
 * @param priority             the pair priority (RFC 8445 §6.1.2.3)
 * @param nominated            the pair was nominated (RFC 8445 §8.1.1, §7.3.1.5)
 * @param selected             media of the component goes on this pair (RFC 8445 §12.1)
 * @param requestsSent         Binding requests sent on the pair: checks and consent checks
 * @param requestsReceived     authenticated Binding requests the peer sent on it
 * @param responsesSent        success responses we sent to them
 * @param responsesReceived    success responses received to our requests
 * @param consentRequestsSent  of {@code requestsSent}, the consent checks (RFC 7675 §5.1)
 * @param currentRoundTripTime the latest round trip, in seconds; null before the first response
 * @param totalRoundTripTime   the sum of all round trips, in seconds (divide by responsesReceived
 *                             for the mean)
 * @param packetsSent          media datagrams sent on the pair
 * @param packetsReceived      media datagrams received on the pair
 * @param bytesSent            their payload bytes (UDP payload: RTP/RTCP header included)
 * @param bytesReceived        the same, received
 */
public record IceCandidatePairStats(String id, int componentId, String localCandidateId, String remoteCandidateId,
        String state, long priority, boolean nominated, boolean selected, long requestsSent, long requestsReceived,
        long responsesSent, long responsesReceived, long consentRequestsSent, Double currentRoundTripTime,
        double totalRoundTripTime, long packetsSent, long packetsReceived, long bytesSent, long bytesReceived) {
}

package org.sipice.ice.internal.engine.agent;

import java.time.Duration;
import org.sipice.ice.IceCandidatePairStats;

/**
 * The counters of one candidate pair, kept by the agent as things happen: what
 * {@link IceCandidatePairStats} reports (W3C webrtc-stats §8.7 names). Mutable, used on the
 * session's thread only, so plain fields.
 *
 * <p>A check counts once however often it was retransmitted; its round trip runs from when it first
 * left to its authenticated success response (what {@link IceCandidatePairStats} documents).
 */
final class PairStatistics {
    private long requestsSent;
    private long responsesReceived;
    private long requestsReceived;
    private long responsesSent;
    private long consentRequestsSent;
    private long consentResponsesReceived;
    private long totalRoundTripNanos;
    private long currentRoundTripNanos = -1;
    private long packetsSent;
    private long bytesSent;
    private long packetsReceived;
    private long bytesReceived;
    private long lastPacketSentNanos;
    private long lastPacketReceivedNanos;

    /** A connectivity check (RFC 8445 §7.2.4) left on the pair; not called for retransmissions. */
    public void checkSent() {
        requestsSent++;
    }

    /** An authenticated success response to one of our checks (RFC 8445 §7.2.5.3). */
    public void checkSucceeded(Duration rtt) {
        responsesReceived++;
        roundTrip(rtt);
    }

    /** The peer's authenticated check arrived on the pair (RFC 8445 §7.3.1). */
    public void checkReceived() {
        requestsReceived++;
    }

    /** A success response went back to the peer's check (RFC 8445 §7.3.1.1). */
    public void checkAnswered() {
        responsesSent++;
    }

    /** A consent check (RFC 7675 §5.1) left on the pair: a request like any check. */
    public void consentSent() {
        requestsSent++;
        consentRequestsSent++;
    }

    /** An authenticated success response to a consent check. */
    public void consentAnswered(Duration rtt) {
        responsesReceived++;
        consentResponsesReceived++;
        roundTrip(rtt);
    }

    /** One media datagram of {@code bytes} (UDP payload) sent on the pair. */
    public void packetSent(int bytes) {
        packetsSent++;
        bytesSent += bytes;
    }

    /** One media datagram of {@code bytes} (UDP payload) received on the pair. */
    public void packetReceived(int bytes) {
        packetsReceived++;
        bytesReceived += bytes;
    }

    /** When the last media datagram left, on the scheduler's clock ({@code Scheduler.nanoTime()}). */
    public void lastPacketSentNanos(long schedulerNanos) {
        lastPacketSentNanos = schedulerNanos;
    }

    /** When the last media datagram arrived, on the scheduler's clock. */
    public void lastPacketReceivedNanos(long schedulerNanos) {
        lastPacketReceivedNanos = schedulerNanos;
    }

    private void roundTrip(Duration rtt) {
        long nanos = Math.max(0, rtt.toNanos());
        totalRoundTripNanos += nanos;
        currentRoundTripNanos = nanos;
    }

    /** Binding requests sent: checks and consent checks, retransmissions not counted. */
    public long requestsSent() {
        return requestsSent;
    }

    /** Authenticated success responses received to our checks and consent checks. */
    public long responsesReceived() {
        return responsesReceived;
    }

    /** Authenticated checks received from the peer. */
    public long requestsReceived() {
        return requestsReceived;
    }

    /** Success responses sent to them. */
    public long responsesSent() {
        return responsesSent;
    }

    public long consentRequestsSent() {
        return consentRequestsSent;
    }

    public long consentResponsesReceived() {
        return consentResponsesReceived;
    }

    /** The sum of all round trips (divide by {@link #responsesReceived()} for the mean). */
    public Duration totalRoundTripTime() {
        return Duration.ofNanos(totalRoundTripNanos);
    }

    /** The latest round trip; null before the first response. */
    public Duration currentRoundTripTime() {
        return currentRoundTripNanos < 0 ? null : Duration.ofNanos(currentRoundTripNanos);
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** The scheduler's time of the last media datagram sent; 0 before the first. */
    public long lastPacketSentNanos() {
        return lastPacketSentNanos;
    }

    /** The scheduler's time of the last media datagram received; 0 before the first. */
    public long lastPacketReceivedNanos() {
        return lastPacketReceivedNanos;
    }

    /**
     * The pair as {@code IceStats} reports it, these counters with the pair's identity.
     *
     * @param id                unique within one report ({@code P1}...)
     * @param componentId       1 RTP, 2 RTCP
     * @param localCandidateId  the report's id of the local candidate
     * @param remoteCandidateId the report's id of the remote candidate
     * @param state             {@code frozen}, {@code waiting}, {@code in-progress}, {@code succeeded} or
     *                          {@code failed} (RFC 8445 §6.1.2.6)
     * @param priority          the pair priority (RFC 8445 §6.1.2.3)
     */
    public IceCandidatePairStats toStats(String id, int componentId, String localCandidateId,
            String remoteCandidateId, String state, long priority, boolean nominated, boolean selected) {
        Double current = currentRoundTripNanos < 0 ? null : seconds(currentRoundTripNanos);
        return new IceCandidatePairStats(id, componentId, localCandidateId, remoteCandidateId, state, priority,
                nominated, selected, requestsSent, requestsReceived, responsesSent, responsesReceived,
                consentRequestsSent, current, seconds(totalRoundTripNanos), packetsSent, packetsReceived, bytesSent,
                bytesReceived);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
